"""The bill list's filters: every query-string value is checked here before it reaches a query."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef

from .forms import QuickNumberInput, QuickSelect, StrictDateField, day_phrase
from .models import (
    IN_FORCE,
    PENDING,
    PENDING_STATUSES,
    Bill,
    Category,
    Jurisdiction,
    Party,
    Provision,
    Status,
)
from .search import SearchField, search_bills

# "In force" is a standing on a day, not a stored status; it comes first as the question most asked.
# "Still being debated" gathers the statuses of pending bills, as a place page lists them.
STATUS_CHOICES = [(IN_FORCE, "In force"), (PENDING, "Still being debated"), *Status.choices]

SORT_CHOICES = [
    ("relevance", "Best match, or newest first"),
    ("jurisdiction", "Jurisdiction"),
    ("-introduced", "Newest first"),
    ("introduced", "Oldest first"),
    ("-status_date", "Latest status change"),
    ("-updated_at", "Recently updated"),
    ("identifier", "Bill number"),
]

# Each sort choice as a function of the queryset; dated sorts put undated bills last.
SORTS = {
    # A search's own order (best match first); without a search the list's own, newest first.
    "relevance": lambda bills: bills,
    "jurisdiction": lambda bills: bills.in_default_order(),
    "-introduced": lambda bills: bills.newest_first(),
    "introduced": lambda bills: bills.oldest_first(),
    "-status_date": lambda bills: bills.order_by(F("status_date").desc(nulls_last=True), "identifier"),
    "-updated_at": lambda bills: bills.order_by("-updated_at", "identifier"),
    "identifier": lambda bills: bills.order_by("identifier", "jurisdiction__name"),
}


def jurisdiction_choices() -> list[tuple[str, str]]:
    return list(Jurisdiction.objects.values_list("slug", "name"))


def party_choices() -> list[tuple[str, str]]:
    return list(Party.objects.values_list("slug", "name"))


def category_choices() -> list[tuple[str, str]]:
    return list(Category.objects.values_list("slug", "name"))


class BillFilterForm(forms.Form):
    """The FilterSet's form: a year filter must name a year the data can hold."""

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError("Enter a year between 1900 and 2100.")
        return year


class DayFilter(django_filters.Filter):
    """The day "In force" is about (``on=YYYY-MM-DD``); read by the status filter, filters nothing itself."""

    field_class = StrictDateField

    def filter(self, queryset, value):
        return queryset


class YearField(forms.IntegerField):
    widget = QuickNumberInput


class YearFilter(django_filters.NumberFilter):
    """A whole year: "2019.5" is an error, not a filter on a year that cannot exist."""

    field_class = YearField


class SearchFilter(django_filters.CharFilter):
    """The text search: SearchField turns away input with nothing to look for before any query."""

    field_class = SearchField


class BillFilter(django_filters.FilterSet):
    """Filters for /bills/: jurisdiction, level, status, party, category, year, text search, sort."""

    q = SearchFilter(method="search", label="Search", max_length=200)
    # Choice lists (not model lookups) so a chosen value costs no extra query to validate.
    # Labels written out: derived ones read "Jurisdiction slug", a developer's word.
    jurisdiction = django_filters.ChoiceFilter(
        choices=jurisdiction_choices,
        field_name="jurisdiction__slug",
        label="Place",
        empty_label="Any place",
        widget=QuickSelect,
    )
    level = django_filters.ChoiceFilter(
        field_name="jurisdiction__level",
        choices=Jurisdiction.Level.choices,
        label="Level of government",
        empty_label="Any level",
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="standing", empty_label="Any status", widget=QuickSelect
    )
    on = DayFilter(label="In force on (YYYY-MM-DD)")
    party = django_filters.ChoiceFilter(
        choices=party_choices, method="governing", label="Governs", empty_label="Anyone", widget=QuickSelect
    )
    category = django_filters.ChoiceFilter(
        choices=category_choices,
        method="addressing",
        label="Topic",
        empty_label="Any topic",
        widget=QuickSelect,
    )
    year = YearFilter(field_name="introduced__year", label="Year introduced")
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="sort_by",
        label="Sort by",
        empty_label=None,
        null_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Bill
        fields: list[str] = []
        form = BillFilterForm

    def __init__(self, *args, today, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # Read each list once per request: a callable would be queried again on every iteration.
        # A page that already holds a list passes it in ``choices`` and saves the query.
        for name, load_choices in [
            ("jurisdiction", jurisdiction_choices),
            ("party", party_choices),
            ("category", category_choices),
        ]:
            given = (choices or {}).get(name)
            self.filters[name].extra["choices"] = given if given is not None else load_choices()

    def search(self, queryset, name, value):
        # Bills and their published provisions, best match first (bills/search.py).
        return search_bills(queryset, value)

    @property
    def day(self):
        """The day the list's standings are about: ``on`` when given and valid, else today."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return data.get("on") or self.today

    def standing(self, queryset, name, value):
        if value == IN_FORCE:
            return queryset.in_force(on=self.day)
        if value == PENDING:
            return queryset.filter(status__in=PENDING_STATUSES)
        return queryset.filter(status=value)

    def governing(self, queryset, name, party_slug):
        # EXISTS over published provisions, so a draft provision can never make a bill match, and
        # PostgreSQL stops at a bill's first match instead of collecting every matching provision.
        provisions = Provision.objects.published().filter(bill=OuterRef("pk"), parties__slug=party_slug)
        return queryset.filter(Exists(provisions))

    def addressing(self, queryset, name, category_slug):
        provisions = Provision.objects.published().filter(bill=OuterRef("pk"), category__slug=category_slug)
        return queryset.filter(Exists(provisions))

    def _label(self, name: str, value: str) -> str:
        return dict(self.form.fields[name].choices).get(value, value)

    def sort_by(self, queryset, name, value):
        return SORTS[value](queryset)

    def describe(self) -> str:
        """The active filters as a sentence: "Enacted state bills that govern police, matching 'warrant'"."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        status = data.get("status")
        level = data.get("level")
        words = []
        if status == PENDING:
            words.append("Pending")
        elif status and status != IN_FORCE:
            words.append(Status(status).label)
        if level:
            words.append(
                Jurisdiction.Level(level).label.lower() if words else Jurisdiction.Level(level).label
            )
        noun = "laws" if status == IN_FORCE else "bills"
        words.append(noun if words else noun.capitalize())
        sentence = " ".join(words)
        if status == IN_FORCE:
            sentence += f" in force {day_phrase(data.get('on'))}"
        if data.get("jurisdiction"):
            sentence += f" in {self._label('jurisdiction', data['jurisdiction'])}"
        if data.get("year"):
            sentence += f" introduced in {data['year']}"
        if data.get("party"):
            sentence += f" that govern {self._label('party', data['party']).lower()}"
        if data.get("category"):
            joiner = " and" if data.get("party") else " that"
            sentence += f"{joiner} address “{self._label('category', data['category']).lower()}”"
        if data.get("q"):
            sentence += f", matching “{data['q']}”"
        return sentence

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(
            data.get(name) for name in ("q", "jurisdiction", "level", "status", "party", "category", "year")
        )
