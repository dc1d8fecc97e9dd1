"""Edit history read for staff: complete field-by-field differences, and a bill's history in one list.

A difference names each changed field as the form does and shows its whole old and new value;
long texts are compared word by word, so a one-word fix in a long summary is easy to spot.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils import timezone

from .models import (
    Action,
    Bill,
    Category,
    Definition,
    DefinitionSource,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
)

# Bookkeeping a person never edits: derived on save, or the record's own identity.
UNSHOWN_FIELDS = {"id", "bill_id", "created_at", "updated_at", "sort_date", "year"}
# Texts longer than this are compared word by word rather than shown as old → new.
LONG_TEXT = 60
WORDS = re.compile(r"\S+|\s+")
# A bill's parts, in the order their kinds are named on the bill's page.
BILL_PARTS = (Provision, Sponsor, Action, Source, RelatedBill, Definition, DefinitionSource)
ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Words:
    """A run of words in a word-level difference: kept, removed or added."""

    text: str
    kind: str  # "same", "removed" or "added"


@dataclass
class FieldChange:
    """One field's change: its label, the whole old and new values, and the words that moved."""

    label: str
    old: str
    new: str
    words: list[Words] | None = None


@dataclass
class Entry:
    """One history row of a bill or one of its parts, said for staff."""

    kind: str
    name: str
    row: object
    action: str
    revert_url: str = ""
    model: type[models.Model] | None = None
    previous: object = None  # the version before, for an edit
    names: Names | None = None

    @property
    def when(self) -> datetime.datetime:
        return self.row.history_date

    @cached_property
    def changes(self) -> list[FieldChange]:
        """What the edit changed, worked out only when shown: a long history is read a page at a time,
        and word-by-word differences are the costly part."""
        if self.previous is None or self.row.history_type != "~":
            return []
        return field_changes(self.model, self.row, self.previous, self.names)


def word_diff(old: str, new: str) -> list[Words]:
    """``old`` to ``new`` as runs of kept, removed and added words (spaces kept as they were)."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    runs: list[Words] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(Words("".join(before[i1:i2]), "same"))
            continue
        if i2 > i1:
            runs.append(Words("".join(before[i1:i2]), "removed"))
        if j2 > j1:
            runs.append(Words("".join(after[j1:j2]), "added"))
    return runs


class Names:
    """The names of related objects a history mentions, each list fetched once when first needed."""

    MODELS = {"jurisdiction_id": Jurisdiction, "category_id": Category, "other_bill_id": Bill}

    def __init__(self):
        self._cache: dict[type, dict[int, str]] = {}

    def of(self, model: type[models.Model], pk) -> str:
        if model not in self._cache:
            queryset = model.objects.all()
            if model is Bill:
                queryset = queryset.select_related("jurisdiction")
            self._cache[model] = {obj.pk: str(obj) for obj in queryset.iterator()}
        return self._cache[model].get(pk, f"(deleted {model._meta.verbose_name} {pk})")

    def parties(self, ids) -> str:
        return ", ".join(sorted(self.of(Party, pk) for pk in ids)) or "(none)"


def shown(model_field, value, names: Names) -> str:
    """A value in full, as the form shows it: a choice's label, yes/no, a date, a related object's name."""
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if model_field.is_relation:
        return names.of(model_field.related_model, value)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def party_ids(row) -> frozenset[int]:
    """The parties a provision's history row lists (prefetched by bill_history)."""
    return frozenset(through.party_id for through in row.historicalprovision_parties_set.all())


def field_changes(model, row, previous, names: Names | None = None) -> list[FieldChange]:
    """What changed from history row ``previous`` to ``row``, field by field, nothing cut short."""
    names = names or Names()
    changes = []
    for tracked in row.tracked_fields:
        if tracked.attname in UNSHOWN_FIELDS:
            continue
        old, new = getattr(previous, tracked.attname), getattr(row, tracked.attname)
        if old == new:
            continue
        model_field = model._meta.get_field(tracked.name)
        change = FieldChange(
            str(model_field.verbose_name).capitalize(),
            shown(model_field, old, names),
            shown(model_field, new, names),
        )
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
            change.words = word_diff(old, new)
        changes.append(change)
    if model is Provision and party_ids(previous) != party_ids(row):
        changes.append(
            FieldChange("Parties", names.parties(party_ids(previous)), names.parties(party_ids(row)))
        )
    return changes


def part_name(model, row, names: Names) -> str:
    """A short name for one part of a bill, from its history row alone."""
    if model is Bill:
        return "The bill itself"
    if model is Provision:
        return f"Rule: {names.of(Category, row.category_id)} ({Effect(row.effect).label.lower()})"
    label = {
        Sponsor: lambda: row.name,
        Action: lambda: f"{row.date:%Y-%m-%d}: {row.description}",
        Source: lambda: row.label,
        RelatedBill: lambda: f"{RelatedBill.Relation(row.relation).label} {row.identifier}",
        Definition: lambda: row.term,
        DefinitionSource: lambda: row.label,
    }[model]()
    return f"{str(model._meta.verbose_name).capitalize()}: {label}"


def _rows(model, bill: Bill) -> list:
    history = model.history.select_related("history_user").order_by("history_date", "history_id")
    if model is Provision:
        history = history.prefetch_related("historicalprovision_parties_set")
    return list(history.filter(id=bill.pk) if model is Bill else history.filter(bill_id=bill.pk))


def bill_history(bill: Bill) -> list[Entry]:
    """Every history row of ``bill`` and of its parts, newest first, each with its changes (worked out
    when read)."""
    names = Names()
    entries = []
    for model in (Bill, *BILL_PARTS):
        before: dict[int, object] = {}
        for row in _rows(model, bill):
            previous = before.get(row.id)
            before[row.id] = row
            entry = Entry(
                kind=model._meta.model_name,
                name=part_name(model, row, names),
                row=row,
                action=ACTIONS.get(row.history_type, "Changed"),
                revert_url=reverse(
                    f"admin:bills_{model._meta.model_name}_simple_history", args=[row.id, row.history_id]
                ),
                model=model,
                previous=previous,
                names=names,
            )
            entries.append(entry)
    return sorted(entries, key=lambda entry: (entry.when, entry.row.history_id), reverse=True)


def revert_reason(version, typed: str = "") -> str:
    """The change reason a revert records: "Reverted to the version of 3 March 2026", and why."""
    when = timezone.localtime(version.history_date)
    reason = f"Reverted to the version of {when.day} {when:%B %Y}"
    return f"{reason}: {typed}" if typed else reason
