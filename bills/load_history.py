"""What the edit history says about rows the loader wrote: which it created, and what staff changed.

The loader records its own reasons ("Loaded from data file", "Updated from data file"), so the
history tells a loaded row from one staff added in the admin, and for each field who changed it
last. Loaded rows are matched to a file by their loaded position: the order the loader created
them in (it only ever adds at the end and removes from the end), never their current order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .models import Provision

CHANGE_REASON = "Updated from data file"
LOAD_REASON = "Loaded from data file"
LOADER_REASONS = frozenset({LOAD_REASON, CHANGE_REASON})
# Provisions carry their parties in the history too; the loader compares them as one field.
PARTIES = "parties"
# Each history row's listed parties (simple-history's reverse name for them).
LISTED_PARTIES = "historicalprovision_parties_set"


def by_loader(entry) -> bool:
    return entry.history_change_reason in LOADER_REASONS


def recorded_value(entry, name: str) -> Any:
    """A field's value in one history row (``parties``: the set of party ids listed with it)."""
    if name == PARTIES:
        return frozenset(row.party_id for row in getattr(entry, LISTED_PARTIES).all())
    return getattr(entry, name)


def staff_changed_fields(entries: list, names) -> frozenset[str]:
    """Fields whose last change, oldest history row first, was not made by the loader."""
    last_by_loader: dict[str, bool] = {}
    previous = None
    for entry in entries:
        values = {name: recorded_value(entry, name) for name in names}
        for name in names:
            if previous is None or values[name] != previous[name]:
                last_by_loader[name] = by_loader(entry)
        previous = values
    return frozenset(name for name, loader in last_by_loader.items() if not loader)


@dataclass
class LoadedRow:
    """A row the loader created; ``obj`` is None when staff deleted it in the admin."""

    pk: int
    obj: Any
    entries: list

    def staff_fields(self, names) -> frozenset[str]:
        return staff_changed_fields(self.entries, names)


@dataclass
class BillRows:
    """A bill's rows of one kind: those the loader created, in loaded order, and those staff added."""

    loaded: list[LoadedRow] = field(default_factory=list)
    staff_added: list = field(default_factory=list)


def _history_by_row(model, bill) -> dict[int, list]:
    entries = model.history.filter(bill_id=bill.pk).order_by("history_date", "history_id")
    if model is Provision:
        entries = entries.prefetch_related(LISTED_PARTIES)
    grouped: dict[int, list] = defaultdict(list)
    for entry in entries:
        grouped[entry.id].append(entry)
    return grouped


def _removed_by_loader(entries: list) -> bool:
    return entries[-1].history_type == "-" and by_loader(entries[-1])


def bill_rows(model, bill) -> BillRows:
    """Sort the bill's rows of ``model`` (Provision, Sponsor…) by who created them, from the history."""
    current = {obj.pk: obj for obj in model.objects.filter(bill=bill)}
    rows = BillRows()
    history = _history_by_row(model, bill)
    for pk in sorted(history):
        entries = history[pk]
        if by_loader(entries[0]) and not _removed_by_loader(entries):
            rows.loaded.append(LoadedRow(pk=pk, obj=current.pop(pk, None), entries=entries))
    # Whatever is left has no "created by the loader" history: staff added it.
    rows.staff_added = sorted(current.values(), key=lambda obj: obj.pk)
    return rows
