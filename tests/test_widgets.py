"""The public forms' widgets built in Python write what Django's own widget templates write."""

import datetime
import re

import pytest
from django import forms

from bills.forms import (
    QuickDateInput,
    QuickNumberInput,
    QuickSelect,
    QuickTextInput,
    StrictCheckboxInput,
)

ATTRS = {"id": "id_field", "required": True, "aria-describedby": "help", "hidden": False}


def tags(html: str) -> str:
    """The HTML without the blank lines Django's templates leave between a select's options."""
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize(
    ("quick", "django_widget", "value"),
    [
        (QuickTextInput(), forms.TextInput(), 'police "warrant" <b>&'),
        (QuickTextInput(), forms.TextInput(), None),
        (QuickTextInput(), forms.TextInput(), ""),
        (QuickNumberInput(), forms.NumberInput(), 2021),
        (
            QuickDateInput(format="%Y-%m-%d", attrs={"type": "date", "min": "1900-01-01"}),
            forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "min": "1900-01-01"}),
            datetime.date(2024, 1, 1),
        ),
        (QuickSelect(choices=[("", "Any"), ("a&b", "A & B"), ("c", "C")]), None, "a&b"),
        (QuickSelect(choices=[("", "Any"), ("a&b", "A & B")]), None, None),
        (QuickSelect(choices=[(None, "None"), (2021, "2021"), (2022, "2022"), (2021, "Again")]), None, 2021),
        (QuickSelect(choices=[("", "Any"), ("x", "X")]), None, "not a choice"),
    ],
)
def test_a_quick_widget_writes_what_django_writes(quick, django_widget, value):
    if django_widget is None:  # a select: Django's own Select with the same choices
        django_widget = forms.Select(choices=quick.choices)

    assert tags(quick.render("field", value, attrs=ATTRS)) == tags(
        django_widget.render("field", value, attrs=ATTRS)
    )


@pytest.mark.parametrize("value", ["1", "", None, "nonsense"])
def test_the_strict_checkbox_writes_what_djangos_template_writes_for_it(value):
    quick = StrictCheckboxInput()
    # Django's template render of the very same widget, by skipping the Python render.
    by_template = forms.CheckboxInput.render(quick, "differences", value, attrs=ATTRS)

    assert quick.render("differences", value, attrs=ATTRS) == by_template
