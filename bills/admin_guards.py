"""Guards that turn bad input on staff pages into a clear 400 or 404 instead of a 500.

Django's admin trusts ids, date-hierarchy values and prefilled form values from the address
bar more than it should; these checks run before it does.
"""

from __future__ import annotations

import copy
import datetime
import re

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404

# A history version id is a plain number; str.isdigit() would also accept "²" and "٣".
VERSION_ID = re.compile(r"[0-9]{1,18}")
# Years the admin's date drill-down can show; anything longer overflows Python's datetime.
DATE_PART = re.compile(r"[0-9]{1,4}")
# No law this site tracks is older; an earlier year is a typing slip ("0220" for "2020").
EARLIEST_DATE = datetime.date(1900, 1, 1)
TOO_EARLY = "Enter a date in 1900 or later; an earlier year is usually a typing slip."
# Ids are 64-bit integers on every database the site runs on.
BIGGEST_ID = 2**63 - 1


def check_object_id(model: type[models.Model], object_id: str) -> None:
    """404 for an id that could never be a primary key of ``model`` ("abc", "²")."""
    try:
        model._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        raise Http404(f"There is no {model._meta.verbose_name} “{object_id}”.") from None


def check_date_hierarchy(model_admin, params) -> None:
    """400 for a drill-down year, month or day that is not a small number."""
    field = model_admin.date_hierarchy
    if not field:
        return
    for part in ("year", "month", "day"):
        value = params.get(f"{field}__{part}")
        if value is not None and not DATE_PART.fullmatch(value):
            raise BadRequest(f"“{value[:40]}” is not a {part}.")


def check_initial_values(model: type[models.Model], params) -> None:
    """400 for a prefilled related field (``?jurisdiction=abc``) that is not an id."""
    for name, value in params.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # an unknown name is ignored by the form too
            continue
        if not field.is_relation or not field.concrete:
            continue
        target = field.target_field
        for item in value.split(",") if field.many_to_many else [value]:
            try:
                target.to_python(item)
            except ValidationError:
                raise BadRequest(f"“{item[:40]}” is not a valid {field.verbose_name}.") from None


class ValidIdsOnlyMixin:
    """An autocomplete that shows back only ids that could exist: a posted "abc" is a form error
    ("Select a valid choice"), but Django's widget also looks it up to redisplay it, a 500."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [item for item in value if could_be_id(target, item)], attr)


def could_be_id(field, value) -> bool:
    """Whether ``value`` could name a row by ``field``: not a word, nor a number past 64 bits
    (which SQLite cannot even be asked about)."""
    if not isinstance(value, str | int):
        return True  # A model instance, passed in by code rather than typed.
    try:
        number = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(number, int) or -BIGGEST_ID <= number <= BIGGEST_ID


class SafeModelChoiceField(forms.ModelChoiceField):
    """A related-object choice that refuses an impossible id as an invalid choice, not a 500."""

    def to_python(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        if value not in self.empty_values and not could_be_id(key or self.queryset.model._meta.pk, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several related objects, with the same refusal of impossible ids."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or "id")
        for item in value:
            if not could_be_id(key, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


class SafeAutocompleteSelect(ValidIdsOnlyMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidIdsOnlyMixin, AutocompleteSelectMultiple):
    pass


def unix_newlines(value):
    """Text as typed, with the browser's CRLF line ends made plain LF, as the data files store it."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class FormFieldGuardsMixin:
    """For a ModelAdmin or an inline: dates in 1900 or later; autocompletes that survive bad ids;
    texts whose line ends do not count as a change (browsers send CRLF for every line break)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        is_date = isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField)
        if formfield is not None and is_date:
            formfield.validators.append(MinValueValidator(EARLIEST_DATE, message=TOO_EARLY))
        if formfield is not None and isinstance(db_field, models.TextField):
            # A copy: a widget given in a form's Meta is shared by every form the admin builds.
            widget = formfield.widget = copy.copy(formfield.widget)
            read = widget.value_from_datadict
            widget.value_from_datadict = lambda data, files, name: unix_newlines(read(data, files, name))
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            widget = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs.setdefault("widget", widget)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AdminGuardsMixin(FormFieldGuardsMixin):
    """Check ids, drill-down dates, prefilled values and form fields before the admin uses them."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        check_object_id(self.model, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        check_object_id(self.model, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        check_object_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        check_date_hierarchy(self, request.GET)
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        check_initial_values(self.model, request.GET)
        return super().add_view(request, form_url, extra_context)


class HistoryGuardsMixin(AdminGuardsMixin):
    """Also check a history page's version id, which simple-history passes straight to a query."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        check_object_id(self.model, object_id)
        if not VERSION_ID.fullmatch(str(version_id)):
            raise Http404(f"There is no version “{version_id}” of this record.")
        return super().history_form_view(request, object_id, version_id, extra_context)
