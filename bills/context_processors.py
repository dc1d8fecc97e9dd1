"""Values every public page shows."""

from django.db.models import Max

from .models import Bill


def site(request) -> dict:
    """The date the public data last changed, for the footer (one query, only when a template asks)."""

    def data_updated():
        return Bill.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    # A callable: Django templates call it lazily, so the admin and JSON responses never pay for it.
    return {"data_updated": data_updated}
