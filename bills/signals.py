"""Keep a bill's "updated" time true when one of its parts changes; keep loaddata out of the history;
bump the page cache's content version on every change to anything a public page shows."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalChanges

from .cache import content_changed
from .models import (
    Action,
    Bill,
    Definition,
    DefinitionSource,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
    Subscription,
)

BILL_PARTS = (Provision, Sponsor, Action, Source, RelatedBill, Definition, DefinitionSource)


def touch_bill(sender, instance, **kwargs) -> None:
    """Move the bill's updated_at; update() so the bill's own history gets no empty entry."""
    if kwargs.get("raw"):
        return
    Bill.objects.filter(pk=instance.bill_id).update(updated_at=timezone.now())


for part in BILL_PARTS:
    receiver(post_save, sender=part, dispatch_uid=f"touch-bill-on-save-{part.__name__}")(touch_bill)
    receiver(post_delete, sender=part, dispatch_uid=f"touch-bill-on-delete-{part.__name__}")(touch_bill)


def skip_history_on_raw_save(sender, instance, raw=False, **kwargs) -> None:
    """loaddata brings its own history rows: writing new ones would collide with their ids.

    simple-history already skips raw saves, but not the many-to-many "set" loaddata does next
    (a provision's parties), which wrote a history row and broke restoring any dumpdata backup.
    """
    if raw:
        instance.skip_history_when_saving = True


for model in apps.get_app_config("bills").get_models():
    if hasattr(model._meta, "simple_history_manager_attribute"):
        pre_save.connect(skip_history_on_raw_save, sender=model, dispatch_uid=f"raw-{model.__name__}")


def bump_content_version(sender, using=None, action="post_save", **kwargs) -> None:
    """Any saved or deleted row of the bills app (raw loaddata saves too) makes every kept page old."""
    if action.startswith("post_"):
        content_changed(using)


# Every model of the app (bills and all their parts, places, parties, topics), not their history
# rows, which are only ever written beside a change that already bumped, nor follow-by-email
# requests, which no public page shows: else any visitor's "Follow" would empty the whole cache.
for model in apps.get_app_config("bills").get_models():
    if issubclass(model, HistoricalChanges) or model is Subscription:
        continue
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
    post_delete.connect(
        bump_content_version, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
    )
    for m2m in model._meta.local_many_to_many:
        m2m_changed.connect(
            bump_content_version, sender=m2m.remote_field.through, dispatch_uid=f"page-cache-m2m-{m2m}"
        )
