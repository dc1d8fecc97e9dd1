"""Guards that turn bad input on staff pages into a clear 400 or 404 instead of a 500.

Django's admin trusts ids, date-hierarchy values and prefilled form values from the address
bar more than it should; these checks run before it does.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.admin.utils import unquote
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


class EarliestDateMixin:
    """For a ModelAdmin or an inline: every date typed in must be in 1900 or later."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        is_date = isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField)
        if formfield is not None and is_date:
            formfield.validators.append(MinValueValidator(EARLIEST_DATE, message=TOO_EARLY))
        return formfield


class AdminGuardsMixin(EarliestDateMixin):
    """Check ids, drill-down dates, prefilled values and typed dates before the admin uses them."""

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
