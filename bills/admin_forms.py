"""The admin's own form pieces: the change reason, the bill form's slug, and the publishing rules.

A bill's sources and provisions are saved after the bill itself, so the rule "no published bill
without a source and a published provision" is checked on the inline rows as they will be saved.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .concurrency import EditConflictInlineFormSet
from .models import NEEDS_PROVISION, NEEDS_SOURCE, Bill, bill_year

REASON_FIELD = "change_reason"
# The history keeps 100 characters; a revert's own words ("Reverted to the version of…") take the rest.
REASON_LENGTH = 50


class ReasonField(forms.CharField):
    """Why the editor made a change; typing one is not itself a change to save."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Reason")
        kwargs.setdefault(
            "help_text", "Optional, kept in the history: e.g. “Corrected section per RCW text”."
        )
        super().__init__(required=False, max_length=REASON_LENGTH, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class ChangeReasonForm(forms.ModelForm):
    """A model form that also asks why."""

    change_reason = ReasonField()


def with_reason(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """``form_class`` with the change-reason field, keeping its own fields and checks."""
    if issubclass(form_class, ChangeReasonForm):
        return form_class
    return type(f"Reasoned{form_class.__name__}", (ChangeReasonForm, form_class), {})


def suggested_slug(bill: Bill) -> str:
    """A public address unique across places: place, number and year, e.g. ``wa-hb-4001-2026``."""
    place = bill.jurisdiction.abbreviation or bill.jurisdiction.slug
    year = bill_year(bill)
    base = slugify("-".join(str(part) for part in (place, bill.identifier, year) if part))[:110]
    slug, n = base, 2
    while Bill.objects.filter(slug=slug).exclude(pk=bill.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class BillAdminForm(forms.ModelForm):
    """The bill form: a blank slug is made from the place, number and year."""

    # Set False where no inline rows come with the form (a revert): the model's own check applies.
    parts_checked_by_inlines = True

    class Meta:
        labels = {"jurisdiction": "Place", "slug": "Public address (slug)"}
        # Sized to what they usually hold, so the form is not a column of empty boxes.
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "plain_summary": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "summary": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "research_notes": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "definition_notes": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.check_parts_on_clean = not self.parts_checked_by_inlines
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Part of the public address; never change it once published. Leave blank to make one "
                "from the place, number and year (e.g. wa-hb-4001-2026)."
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("jurisdiction") and cleaned.get("identifier"):
            dated = (
                "jurisdiction",
                "identifier",
                "status",
                "status_date",
                "introduced",
                "effective",
                "session",
            )
            typed = Bill(pk=self.instance.pk, **{name: cleaned.get(name) for name in dated})
            cleaned["slug"] = suggested_slug(typed)
        return cleaned


def rows_kept(formset) -> list[forms.Form]:
    """The inline forms that will exist after the save: saved rows not deleted, and filled new ones."""
    kept = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.instance.pk or form.has_changed():
            kept.append(form)
    return kept


def breaks_publishing(formset, kept: list, had: bool) -> bool:
    """Whether saving leaves a published bill without what it needs: on publishing it, or by
    removing the last one it had (a bill published before the rule may still be edited)."""
    bill = formset.instance
    if not bill.is_published or kept:
        return False
    being_published = not bill.was_published()
    return being_published or had


class SourcesFormSet(EditConflictInlineFormSet):
    """A published bill keeps at least one source."""

    def clean(self):
        super().clean()
        had = any(form.instance.pk for form in self.forms)
        if breaks_publishing(self, rows_kept(self), had):
            raise ValidationError(NEEDS_SOURCE, code="needs_source")


class ProvisionsFormSet(EditConflictInlineFormSet):
    """A published bill keeps at least one published provision."""

    def clean(self):
        super().clean()
        kept = [form for form in rows_kept(self) if getattr(form, "cleaned_data", {}).get("is_published")]
        had = any(form.instance.pk and form.initial.get("is_published") for form in self.forms)
        if breaks_publishing(self, kept, had):
            raise ValidationError(NEEDS_PROVISION, code="needs_provision")
