"""No lost edits: a save over a version someone else saved since the form was opened is refused.

Every form for a bill or one of its parts carries a hidden "version": the id of the newest
edit-history row of that object when the form was opened. Saving checks it against the newest
row now; if another editor saved in between, the save is refused with a message naming them,
when, and what their version says, and the form keeps what this editor typed. The refused
form then carries the new version, so saving it again (after reading theirs) is a deliberate
choice to replace it. The edit history already exists, so no column is added to any table.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import Truncator

VERSION_FIELD = "version"


class VersionField(forms.CharField):
    """The hidden version token; never counts as a change the editor made."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


def newest_history(instance):
    """The newest edit-history row of ``instance``, with who made it, or None."""
    return instance.history.select_related("history_user").order_by("-history_id").first()


def lock_row(instance) -> None:
    """Hold the row until this save commits, so two saves cannot both pass the check (PostgreSQL)."""
    if connection.in_atomic_block and connection.features.has_select_for_update:
        list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values("pk"))


def describe_editor(row) -> str:
    user = row.history_user
    if user is None:
        return "Someone (the data loader or a script, no user recorded)"
    return user.get_full_name() or user.get_username()


def shown_value(field, value) -> str:
    """A value as the form shows it: a choice's label, yes/no, a related object's name."""
    if isinstance(value, list):  # A many-to-many field: how many, not a list of ids.
        return f"{len(value)} chosen"
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.flatchoices:
        value = dict(field.flatchoices).get(value, value)
    return Truncator(str(value)).chars(300)


def their_changes(instance, opened_id: str, newest) -> list[str]:
    """What the other version says, field by field, for the fields changed since ``opened_id``."""
    opened = instance.history.filter(history_id=opened_id).first() if opened_id.isdecimal() else None
    if opened is None:
        return []
    delta = newest.diff_against(opened, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = type(instance)._meta.get_field(change.field)
        lines.append(f"Their {field.verbose_name}: “{shown_value(field, change.new)}”")
    return lines


def edit_conflict(instance, opened_id: str) -> tuple[str, list[str]] | None:
    """None if nobody saved ``instance`` since version ``opened_id``, else (new id, message lines)."""
    lock_row(instance)
    newest = newest_history(instance)
    if newest is None or str(newest.history_id) == (opened_id or ""):
        return None
    when = timezone.localtime(newest.history_date)
    name = instance._meta.verbose_name
    lines = [
        f"{describe_editor(newest)} changed this {name} on {when:%-d %b %Y at %H:%M} ({when:%Z}) "
        "while you were editing it, so your changes were not saved.",
        *their_changes(instance, opened_id or "", newest),
        "What you typed is kept below. Compare, then save again to replace their version with "
        "yours, or reload the page to start from theirs.",
    ]
    return str(newest.history_id), lines


class EditConflictForm(forms.ModelForm):
    """A model form that refuses to save over a newer version of its object.

    "Changed" means changed from the version the editor opened, not from today's: a row they
    left alone is not saved (which would put back what another editor has since replaced).
    """

    version = VersionField(required=False)
    conflict: tuple[str, list[str]] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            newest = newest_history(self.instance)
            self.initial[VERSION_FIELD] = str(newest.history_id) if newest else ""

    def opened_version(self):
        """The history row this form was opened at, or None (a new object, or no history)."""
        opened_id = self.data.get(self.add_prefix(VERSION_FIELD), "") if self.is_bound else ""
        if not (self.instance.pk and opened_id.isdecimal()):
            return None
        return self.instance.history.filter(history_id=opened_id).first()

    def has_changed(self) -> bool:
        opened = self.opened_version()
        if opened is None:
            return super().has_changed()
        if opened.history_type == "-":  # Reverting a deleted object brings it back: a change.
            return True
        # The same data, compared with the values of the opened version instead of today's.
        probe = type(self)(self.data, instance=opened.instance, prefix=self.prefix)
        return bool(probe.changed_data)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            self.refuse_if_newer(cleaned.get(VERSION_FIELD, ""))
        return cleaned

    def refuse_if_newer(self, opened_id: str) -> None:
        """Raise the edit-conflict message if someone saved this object after ``opened_id``."""
        conflict = edit_conflict(self.instance, opened_id)
        if conflict is None:
            return
        newest_id, lines = conflict
        self.conflict = conflict
        # The re-shown form carries their version, so a second save is a deliberate overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = newest_id
        raise ValidationError(lines, code="edit_conflict")


class EditConflictInlineFormSet(BaseInlineFormSet):
    """Inline rows: deleting a row someone changed since the page was opened is refused too."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not (form.instance.pk and self._should_delete_form(form)):
                continue
            # The row's own check may already have found it (and moved the row to the new version).
            conflict = getattr(form, "conflict", None) or edit_conflict(
                form.instance, form.data.get(form.add_prefix(VERSION_FIELD), "")
            )
            if conflict is not None:
                raise ValidationError(conflict[1], code="edit_conflict")


def versioned(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """``form_class`` with the version check, keeping its own fields, messages and checks."""
    if issubclass(form_class, EditConflictForm):
        return form_class
    return type(f"Versioned{form_class.__name__}", (EditConflictForm, form_class), {})


def with_version_field(fieldsets):
    """Fieldsets with the hidden version appended, so the admin renders it (once)."""
    names = {
        name
        for _, options in fieldsets
        for line in options["fields"]
        for name in (line if isinstance(line, list | tuple) else [line])
    }
    if VERSION_FIELD in names:
        return fieldsets
    *first, (title, options) = fieldsets
    return [*first, (title, {**options, "fields": [*options["fields"], VERSION_FIELD]})]


class EditConflictAdminMixin:
    """For a ModelAdmin or an inline: its forms carry and check the version."""

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", versioned(self.form))
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        # Nothing changed since the editor opened it: saving would only undo someone else's edit.
        if change and isinstance(form, EditConflictForm) and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", versioned(self.form))
        if self.formset is BaseInlineFormSet:
            kwargs.setdefault("formset", EditConflictInlineFormSet)
        return super().get_formset(request, obj, **kwargs)
