from django.apps import AppConfig


class BillsConfig(AppConfig):
    """Bills, provisions and the public site that compares them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bills"
    verbose_name = "Bills and provisions"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the system checks and signal handlers)
