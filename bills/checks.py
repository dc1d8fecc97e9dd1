"""System checks for settings that contradict each other."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register
from django.http.request import validate_host


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


@register(deploy=True)
def email_links_reach_the_site(app_configs, **kwargs):
    """Links in emails start with SITE_URL: it must name this site, and use HTTPS if the site does."""
    problems = []
    site = urlsplit(settings.SITE_URL)
    if getattr(settings, "HTTPS", False) and site.scheme != "https":
        problems.append(
            Warning(
                f"DJANGO_SITE_URL={settings.SITE_URL!r} is not an https:// address while DJANGO_HTTPS is on.",
                hint="Set DJANGO_SITE_URL to the site's public address, e.g. https://frt-laws.example.org.",
                id="bills.W002",
            )
        )
    if settings.ALLOWED_HOSTS and not validate_host(site.hostname or "", settings.ALLOWED_HOSTS):
        problems.append(
            Warning(
                f"DJANGO_SITE_URL={settings.SITE_URL!r} names a host not in DJANGO_ALLOWED_HOSTS.",
                hint="Links in emails would lead elsewhere; set DJANGO_SITE_URL to the public address.",
                id="bills.W003",
            )
        )
    if settings.ADMINS and settings.EMAIL_BACKEND.endswith(".console.EmailBackend"):
        problems.append(
            Warning(
                "DJANGO_ADMINS is set but no DJANGO_EMAIL_HOST: error reports are printed, not sent.",
                hint="Set DJANGO_EMAIL_HOST (and port, user, password, TLS) to an SMTP server.",
                id="bills.W004",
            )
        )
    return problems
