"""Forms: the comparison grid's query string, the follow-by-email request, and the admin's provision form.

The bill list's query string is checked by its FilterSet in ``filters.py``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from .grid import MAX_COMPARE_COLUMNS
from .models import FOLLOWABLE_FIELDS, Bill, Category, Effect, Frequency, Jurisdiction, Party, Provision

TRUE_VALUES = frozenset({"1", "on", "true"})
FALSE_VALUES = frozenset({"0", "false", ""})


def parse_strict_bool(value: object) -> bool | None:
    """True, False, or None for anything that is not plainly a yes or a no ("maybe")."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    return None


class QuickSelect(forms.Select):
    """A <select> built in Python, the same HTML as Django's templates for a list without groups.

    Django renders each <option> through its own template, after building a dictionary for each:
    for the bill list's filters (about 150 options) that was over half the page's render. Here
    each option is one line of format_html from the choices themselves.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):  # groups: Django's own
            return super().render(name, value, attrs, renderer)
        chosen, marked, rows = self.format_value(value), False, []
        for choice, label in choices:
            option = "" if choice is None else str(choice)
            selected = not marked and option in chosen  # as Django: only the first match of one value
            marked = marked or selected
            rows.append((option, " selected" if selected else "", label))
        options = format_html_join("", '\n  <option value="{}"{}>{}</option>', rows)
        final_attrs = html_attrs(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}\n</select>', name, final_attrs, options)


def html_attrs(attrs: dict) -> str:
    """Attributes as Django's attrs.html writes them: in order, True as a bare name, False left out."""
    if not attrs:  # most options
        return ""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickInput:
    """An <input> widget built in Python: the same HTML as Django's input.html, with no template render
    (a public form's half-dozen inputs were a tenth of a page's cost). Mixed into the widgets below."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            html_attrs(widget["attrs"]),
        )


class QuickTextInput(QuickInput, forms.TextInput):
    pass


class QuickNumberInput(QuickInput, forms.NumberInput):
    pass


class QuickDateInput(QuickInput, forms.DateInput):
    pass


class StrictCheckboxInput(QuickInput, forms.CheckboxInput):
    """A checkbox that hands the submitted text to its field unchanged, so nonsense can be refused.

    Django's own checkbox reads any value but "false" as ticked, which would hide a typo.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: parse_strict_bool(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def format_value(self, value):
        return "1"


class StrictBooleanField(forms.Field):
    """A yes/no option from the query string: "1", "on", "true" or "0", "false", "" (or absent)."""

    widget = StrictCheckboxInput
    default_error_messages = {
        "invalid": "“%(value)s” is not a yes or no. Use 1 for yes, or leave the option out for no.",
    }

    def to_python(self, value) -> bool:
        parsed = parse_strict_bool(value)
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"value": Truncator(str(value)).chars(40)},
            )
        return parsed


class StrictDateField(forms.Field):
    """A day written YYYY-MM-DD, between 1900 and 2100; anything else is refused, saying why."""

    widget = QuickDateInput(
        format="%Y-%m-%d", attrs={"type": "date", "min": "1900-01-01", "max": "2100-12-31"}
    )

    default_error_messages = {
        "invalid": "“%(value)s” is not a date. Write it as YYYY-MM-DD, for example 2021-01-01.",
        "impossible": "“%(value)s” is not a day on the calendar. Check the month and the day.",
        "range": "Choose a day between 1900 and 2100.",
    }

    def to_python(self, value) -> datetime.date | None:
        text = (value or "").strip()
        if not text:
            return None
        params = {"value": Truncator(text).chars(20)}
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid", params=params)
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                self.error_messages["impossible"], code="impossible", params=params
            ) from None
        if not 1900 <= day.year <= 2100:
            raise ValidationError(self.error_messages["range"], code="range")
        return day


class DayForm(forms.Form):
    """The day a page shows the law as it stood on (``?on=``), and whether it lists every bill (``show``).

    ``today`` is passed in by the view; without ``on`` the page shows today.
    """

    SHOW_ALL = "all"

    on = StrictDateField(required=False, label="In force on")
    show = forms.ChoiceField(
        required=False,
        choices=[("", "Laws in force"), (SHOW_ALL, "All bills, including pending and failed")],
        error_messages={
            "invalid_choice": "“%(value)s” is not an option here. Use show=all, or leave it out."
        },
    )

    def __init__(self, data=None, *, today: datetime.date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today

    @property
    def day(self) -> datetime.date:
        """The day the page is about: the one chosen, or today."""
        return self.cleaned_data.get("on") or self.today

    @property
    def show_all(self) -> bool:
        return self.cleaned_data.get("show") == self.SHOW_ALL

    @property
    def in_force_on(self) -> datetime.date | None:
        """The day to keep laws in force on, or None when every bill is listed."""
        return None if self.show_all else self.day

    def query(self) -> str:
        """The choice as a query string for links to pages that list the same ("?on=2024-01-01"), or ""."""
        chosen = {name: str(value) for name in ("on", "show") if (value := self.cleaned_data.get(name))}
        return f"?{urlencode(chosen)}" if chosen else ""

    def describe(self) -> str:
        """What the page lists, as words: "laws in force today", "all bills, including pending and failed"."""
        if self.show_all:
            return "all bills, including pending and failed"
        return f"laws in force {day_phrase(self.cleaned_data.get('on'))}"


class PlaceNameForm(forms.Form):
    """The places page's name filter (``?name=``): part of a place's name."""

    name = forms.CharField(required=False, max_length=80, label="Find a place", strip=True)


class TopicForm(forms.Form):
    """A party page's ``?topic=``: one topic's rules, in pages (an unknown topic is a 404)."""

    topic = forms.SlugField(required=False, max_length=60, label="Topic")


class EffectForm(forms.Form):
    """A topic page's ``?effect=``: the rules with one effect, in pages."""

    effect = forms.ChoiceField(
        required=False,
        choices=[("", "Every effect"), *Effect.choices],
        error_messages={"invalid_choice": "“%(value)s” is not an effect we track. Choose from the list."},
    )


def day_phrase(on: datetime.date | None) -> str:
    """ "today", or "on 1 January 2021"."""
    return f"on {on.day} {on:%B %Y}" if on else "today"


class BillSlugsField(forms.MultipleChoiceField):
    """The chosen bills, by slug: duplicates dropped silently, order kept; none, or 2 to the limit."""

    default_error_messages = {
        "unknown_bill": "We could not find a bill with the address “%(slug)s”. "
        "Check the spelling, or find the bill under “Find bills to add” below.",
        "unknown_bills": "We could not find bills with these addresses: %(slugs)s. "
        "Check the spelling, or find the bill under “Find bills to add” below.",
        "too_few": "A comparison needs at least two bills. Choose one or more bills to compare it with.",
        "too_many": "You chose %(count)s bills; a comparison shows at most %(limit)s side by side. "
        "Untick some bills and try again.",
    }

    def to_python(self, value) -> list[str]:
        slugs = super().to_python(value)
        return list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))

    def validate(self, value: list[str]) -> None:
        # Check the count before the slugs: a long list of typos should hear about the limit first.
        if len(value) > MAX_COMPARE_COLUMNS:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"count": len(value), "limit": MAX_COMPARE_COLUMNS},
            )
        unknown = [slug for slug in value if not self.valid_value(slug)]
        if len(unknown) == 1:
            raise ValidationError(
                self.error_messages["unknown_bill"],
                code="unknown_bill",
                params={"slug": Truncator(unknown[0]).chars(80)},
            )
        if unknown:
            raise ValidationError(
                self.error_messages["unknown_bills"],
                code="unknown_bill",
                params={"slugs": ", ".join(f"“{Truncator(slug).chars(80)}”" for slug in unknown)},
            )
        if len(value) == 1:
            raise ValidationError(self.error_messages["too_few"], code="too_few")


class PartySlugsField(forms.MultipleChoiceField):
    """The chosen parties, by slug (``party=`` may repeat): duplicates dropped, the order kept."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not one of the parties we track. Choose from the list.",
    }

    def to_python(self, value) -> list[str]:
        return list(dict.fromkeys(slug.strip() for slug in super().to_python(value) if slug.strip()))

    def validate(self, value: list[str]) -> None:
        # Shorten a long typo before it is echoed back in the message.
        for slug in value:
            if not self.valid_value(slug):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": Truncator(slug).chars(40)},
                )


class CompareForm(forms.Form):
    """Which bills to compare (in column order), whose obligations to show, and whether to hide agreement.

    With no bills chosen, ``level``, ``place`` and ``topic`` narrow the default grid of laws in force.
    The bills the query string names, the parties and the topics are passed in (already fetched by
    the caller), so checking the query string costs no queries of its own.
    """

    bills = BillSlugsField(required=False, label="Bills to compare")
    party = PartySlugsField(required=False, label="Whose obligations")
    differences = StrictBooleanField(required=False, label="Only show topics where the bills differ")
    on = StrictDateField(required=False, label="As the law stood on")
    level = forms.ChoiceField(
        required=False,
        choices=[("", "Any level"), *Jurisdiction.Level.choices],
        widget=QuickSelect,
        label="Level of government",
        error_messages={"invalid_choice": "“%(value)s” is not a level of government. Choose from the list."},
    )
    place = forms.SlugField(required=False, max_length=80, label="The laws that apply in")
    topic = forms.ChoiceField(
        required=False,
        label="Topic",
        widget=QuickSelect,
        error_messages={
            "invalid_choice": "“%(value)s” is not one of the topics we track. Choose from the list."
        },
    )

    def __init__(
        self,
        data=None,
        *,
        bills: Sequence[Bill],
        parties: Sequence[Party],
        categories: Sequence = (),
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        self.bills_by_slug = {bill.slug: bill for bill in bills}
        self.parties_by_slug = {party.slug: party for party in parties}
        self.topic_names = {category.slug: category.name for category in categories}
        self.fields["bills"].choices = [(bill.slug, bill.identifier) for bill in bills]
        self.fields["party"].choices = [(p.slug, p.name) for p in parties]
        self.fields["topic"].choices = [("", "Any topic"), *self.topic_names.items()]

    def clean_bills(self) -> list[Bill]:
        return [self.bills_by_slug[slug] for slug in self.cleaned_data["bills"]]

    def clean_party(self) -> list[Party]:
        """The chosen parties in the order given; none means everyone."""
        return [self.parties_by_slug[slug] for slug in self.cleaned_data["party"]]

    def narrowing(self) -> dict[str, str]:
        """The default grid's level, place and topic, those given."""
        return {
            name: self.cleaned_data[name] for name in ("level", "place", "topic") if self.cleaned_data[name]
        }


MISSING_PARTY = "Choose at least one party this provision governs (who must comply, or who can be sued)."


class ProvisionAdminForm(forms.ModelForm):
    """A provision must say who has to comply; a new one goes to the end of its bill's order.

    On a new provision the published box reads "Publish now": the admin leaves it unticked on a
    bill that is already public, so a new rule is a draft until someone means it to be seen.
    """

    display_order = forms.IntegerField(
        required=False,
        min_value=0,
        help_text="Leave blank to put it after the bill's other provisions.",
    )

    class Meta:
        model = Provision
        fields = [
            "bill",
            "category",
            "effect",
            "parties",
            "section",
            "excerpt",
            "plain",
            "detail",
            "confidence",
            "display_order",
            "is_published",
        ]
        # The field is required, so Django's own "This field is required." would come first and
        # clean_parties below would never run; give the required error the friendly wording.
        error_messages = {"parties": {"required": MISSING_PARTY}}

    def clean_parties(self):
        parties = self.cleaned_data.get("parties")
        if not parties:
            raise forms.ValidationError(MISSING_PARTY)
        return parties

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "is_published" in self.fields:
            self.fields["is_published"].label = "Publish now"
            self.fields[
                "is_published"
            ].help_text = "Leave unticked to keep it as a draft, unseen by the public."

    def save(self, commit=True):
        if self.cleaned_data.get("display_order") is None:
            self.instance.display_order = next_display_order(self.instance.bill_id)
        return super().save(commit)


def next_display_order(bill_id: int | None) -> int:
    """The place after the last of a bill's provisions (0 for its first); asked at save time so
    several new rows saved together each go after the one before."""
    if bill_id is None:
        return 0
    last = Provision.objects.filter(bill_id=bill_id).aggregate(last=models.Max("display_order"))["last"]
    return 0 if last is None else last + 1


class DefinitionsForm(forms.Form):
    """Which laws' definitions to compare, and on which day: the same bill choice as the grid."""

    bills = BillSlugsField(required=False, label="Laws to compare")
    on = StrictDateField(required=False, label="As the law stood on")

    def __init__(self, data=None, *, bills: Sequence[Bill], **kwargs):
        super().__init__(data, **kwargs)
        self.bills_by_slug = {bill.slug: bill for bill in bills}
        self.fields["bills"].choices = [(bill.slug, bill.identifier) for bill in bills]

    def clean_bills(self) -> list[Bill]:
        return [self.bills_by_slug[slug] for slug in self.cleaned_data["bills"]]


class SlugChoiceField(forms.ModelChoiceField):
    """A bill, topic or place named by its slug; anything that cannot be a slug is refused unqueried.

    PostgreSQL refuses a NUL character in any query, which would otherwise end as a 500.
    """

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[-\w]{1,200}", str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _followable(queryset, noun: str) -> SlugChoiceField:
    return SlugChoiceField(
        queryset=queryset,
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": f"We could not find that {noun}."},
    )


class FollowForm(forms.Form):
    """A request to follow one published bill, topic or place by email, daily or weekly."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Please type your email address.",
            "invalid": "Please type a whole email address, like name@example.org.",
        },
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how often.", "invalid_choice": "Please choose how often."},
    )
    bill = _followable(Bill.objects.published(), "bill")
    category = _followable(Category.objects.all(), "topic")
    jurisdiction = _followable(Jurisdiction.objects.all(), "place")

    def clean_email(self) -> str:
        # One subscription per address and thing: the same address typed in capitals is the same one.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in FOLLOWABLE_FIELDS if cleaned.get(name) is not None]
        if len(chosen) != 1 and not any(name in self.errors for name in FOLLOWABLE_FIELDS):
            raise ValidationError("Choose one bill, topic or place to follow, from its page.")
        return cleaned

    @property
    def target(self):
        """The bill, category or jurisdiction asked for (once valid)."""
        return next(self.cleaned_data[name] for name in FOLLOWABLE_FIELDS if self.cleaned_data.get(name))

    def retry(self) -> dict | None:
        """After an error, what the form needs to be shown again: the one thing asked for, and the address."""
        chosen = [
            (name, self.cleaned_data[name]) for name in FOLLOWABLE_FIELDS if self.cleaned_data.get(name)
        ]
        if len(chosen) != 1:
            return None
        name, target = chosen[0]
        email = self.data.get("email", "")[:254]
        frequency = self.cleaned_data.get("frequency", "")
        return {
            "field": name,
            "slug": target.slug,
            "name": str(target),
            "email": email,
            "frequency": frequency,
        }
