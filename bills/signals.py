"""Keep a bill's "updated" time true when one of its parts changes (footer date, recently updated)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Action, Bill, Provision, RelatedBill, Source, Sponsor

BILL_PARTS = (Provision, Sponsor, Action, Source, RelatedBill)


def touch_bill(sender, instance, **kwargs) -> None:
    """Move the bill's updated_at; update() so the bill's own history gets no empty entry."""
    if kwargs.get("raw"):
        return
    Bill.objects.filter(pk=instance.bill_id).update(updated_at=timezone.now())


for part in BILL_PARTS:
    receiver(post_save, sender=part, dispatch_uid=f"touch-bill-on-save-{part.__name__}")(touch_bill)
    receiver(post_delete, sender=part, dispatch_uid=f"touch-bill-on-delete-{part.__name__}")(touch_bill)
