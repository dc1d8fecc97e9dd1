"""The bill list's filters: every query-string value is checked here before it reaches a query."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from .models import Bill, Category, Jurisdiction, Party, Status

SORT_CHOICES = [
    ("jurisdiction", "Jurisdiction"),
    ("-introduced", "Newest first"),
    ("introduced", "Oldest first"),
    ("-status_date", "Latest status change"),
    ("-updated_at", "Recently updated"),
    ("identifier", "Bill number"),
]

SORT_ORDERINGS = {
    "jurisdiction": ["jurisdiction__display_order", "jurisdiction__name", "-introduced", "identifier"],
    "-introduced": ["-introduced", "identifier"],
    "introduced": ["introduced", "identifier"],
    "-status_date": ["-status_date", "identifier"],
    "-updated_at": ["-updated_at", "identifier"],
    "identifier": ["identifier", "jurisdiction__name"],
}


class BillFilterForm(forms.Form):
    """Adds a plain sentence describing the active filters."""

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError("Enter a year between 1900 and 2100.")
        return year


class BillFilter(django_filters.FilterSet):
    """Filters for /bills/: jurisdiction, level, status, party, category, year, text search, sort."""

    q = django_filters.CharFilter(method="search", label="Search", max_length=200)
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), to_field_name="slug", empty_label="Any jurisdiction"
    )
    level = django_filters.ChoiceFilter(
        field_name="jurisdiction__level", choices=Jurisdiction.Level.choices, empty_label="Any level"
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.all(),
        to_field_name="slug",
        method="governing",
        label="Governs",
        empty_label="Anyone",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("group"),
        to_field_name="slug",
        method="addressing",
        label="Topic",
        empty_label="Any topic",
    )
    year = django_filters.NumberFilter(field_name="introduced__year", label="Year introduced")
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label="Sort by", empty_label=None, null_label=None
    )

    class Meta:
        model = Bill
        fields: list[str] = []
        form = BillFilterForm

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms:
            queryset = queryset.filter(
                Q(identifier__icontains=term)
                | Q(title__icontains=term)
                | Q(short_title__icontains=term)
                | Q(summary__icontains=term)
                | Q(plain_summary__icontains=term)
                | Q(jurisdiction__name__icontains=term)
            )
        return queryset

    def governing(self, queryset, name, party):
        # Only published provisions count: a draft provision must not change public results.
        return queryset.filter(
            pk__in=Bill.objects.filter(provisions__parties=party, provisions__is_published=True).values("pk")
        )

    def addressing(self, queryset, name, category):
        return queryset.filter(
            pk__in=Bill.objects.filter(provisions__category=category, provisions__is_published=True).values(
                "pk"
            )
        )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERINGS[value])

    def describe(self) -> str:
        """The active filters as a sentence: "Enacted state bills that govern police, matching 'warrant'"."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        status = data.get("status")
        level = data.get("level")
        words = []
        if status:
            words.append(Status(status).label)
        if level:
            words.append(
                Jurisdiction.Level(level).label.lower() if words else Jurisdiction.Level(level).label
            )
        words.append("bills" if words else "Bills")
        sentence = " ".join(words)
        if data.get("jurisdiction"):
            sentence += f" in {data['jurisdiction'].name}"
        if data.get("year"):
            sentence += f" introduced in {data['year']}"
        if data.get("party"):
            sentence += f" that govern {data['party'].name.lower()}"
        if data.get("category"):
            joiner = " and" if data.get("party") else " that"
            sentence += f"{joiner} address “{data['category'].name.lower()}”"
        if data.get("q"):
            sentence += f", matching “{data['q']}”"
        return sentence

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(
            data.get(name) for name in ("q", "jurisdiction", "level", "status", "party", "category", "year")
        )
