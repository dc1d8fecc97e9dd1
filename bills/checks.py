"""System checks for settings that contradict each other."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def https_settings_agree(app_configs, **kwargs):
    """HTTPS mode with debug on is a production site showing debug pages."""
    problems = []
    if getattr(settings, "HTTPS", False) and settings.DEBUG:
        problems.append(
            Warning(
                "DJANGO_HTTPS is on while DJANGO_DEBUG is on.",
                hint="Debug pages leak settings; turn DJANGO_DEBUG off in production.",
                id="bills.W001",
            )
        )
    return problems
