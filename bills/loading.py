"""Load researched bills from JSON files: check everything first, then write in one transaction.

Reading and checking the files is bills/bill_files.py; this module writes. By default a bill that
already exists is never touched. ``update=True`` brings existing bills in line with their files but
leaves what staff did in the admin (rows they added, fields they changed since the last load) and
lists it as conflicts; ``force=True`` lets the files win. ``dry_run=True`` reports and rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .bill_files import BILLS_DIR, BillDataError, BillRecord, bill_files, read_bill_files
from .cache import content_changed
from .load_history import (
    CHANGE_REASON,
    LOAD_REASON,
    PARTIES,
    BillRows,
    LoadedRow,
    bill_rows,
    by_loader,
    staff_changed_fields,
)
from .models import (
    Action,
    Bill,
    Category,
    Definition,
    DefinitionSource,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
)
from .reference import load_reference_data

__all__ = ["BILLS_DIR", "CHANGE_REASON", "LOAD_REASON", "BillDataError", "LoadReport", "load_bills"]


@dataclass
class LoadReport:
    """What a load did (or, in a dry run, would do), bill by bill."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # One line per changed row of an existing bill, and per piece of staff work left alone.
    changes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Lookups:
    """Reference rows' ids by slug, fetched once per load."""

    jurisdictions: dict[str, int]
    parties: dict[str, int]
    categories: dict[str, int]

    @classmethod
    def fetch(cls) -> Lookups:
        return cls(
            jurisdictions=dict(Jurisdiction.objects.values_list("slug", "id")),
            parties=dict(Party.objects.values_list("slug", "id")),
            categories=dict(Category.objects.values_list("slug", "id")),
        )


@dataclass
class Sync:
    """One bill being written: where to report, and whether the files win over staff work."""

    bill: Bill | None  # None until a new bill is created
    report: LoadReport
    force: bool
    is_new: bool

    def change(self, where: str, what: str) -> None:
        if not self.is_new:
            self.report.changes.append(f"{self.bill.slug}: {where}: {what}")

    def conflict(self, where: str, what: str) -> None:
        self.report.conflicts.append(f"{self.bill.slug}: {where}: {what}")


def _save(obj, reason: str) -> None:
    obj._change_reason = reason
    obj.save()


def _delete(obj) -> None:
    obj._change_reason = CHANGE_REASON
    obj.delete()


def _current(obj, name: str) -> Any:
    if name == PARTIES:
        return frozenset(obj.parties.values_list("id", flat=True))
    return getattr(obj, name)


def _apply(sync: Sync, obj, values: dict[str, Any], staff_fields, where: str) -> list[str]:
    """Set the fields that differ from the file, except those staff changed (unless forced).

    Returns the names set; each field left alone is reported as a conflict.
    """
    differing = [name for name, value in values.items() if _current(obj, name) != value]
    kept = [name for name in differing if name in staff_fields and not sync.force]
    for name in kept:
        shown = sorted(values[name]) if name == PARTIES else values[name]
        sync.conflict(where, f"{name} was changed in the admin; kept it (the file says {shown!r})")
    changed = [name for name in differing if name not in kept]
    for name in changed:
        if name != PARTIES:
            setattr(obj, name, values[name])
    if changed:
        sync.change(where, f"{', '.join(changed)} updated")
    return changed


def _settle_leftovers(sync: Sync, rows: BillRows, wanted: int, key: str) -> bool:
    """Loaded rows the file no longer has are removed; staff's rows stay unless forced.

    Says whether any row was removed.
    """
    removed = False
    for position, loaded in enumerate(rows.loaded[wanted:], start=wanted):
        where = f"{key}[{position}] (#{loaded.pk})"
        if loaded.obj is None:
            continue
        if loaded.staff_fields(_tracked(loaded.obj)) and not sync.force:
            sync.conflict(where, "no longer in the file, but changed in the admin; kept it")
            continue
        _delete(loaded.obj)
        sync.change(where, "removed (no longer in the file)")
        removed = True
    for obj in rows.staff_added:
        where = f"{key} #{obj.pk}"
        if sync.force:
            _delete(obj)
            sync.change(where, "removed (added in the admin, not in the file)")
            removed = True
        else:
            sync.conflict(where, "added in the admin, not in the file; kept it")
    return removed


def _tracked(obj) -> list[str]:
    names = [f.attname for f in obj._meta.concrete_fields if f.attname not in ("id", "bill_id")]
    return [*names, PARTIES] if isinstance(obj, Provision) else names


def _matched(sync: Sync, rows: BillRows, values_by_position: list, key: str):
    """Pair each file row with the loaded row at its position: (where, values, LoadedRow or None)."""
    for position, values in enumerate(values_by_position):
        loaded = rows.loaded[position] if position < len(rows.loaded) else None
        where = f"{key}[{position}]" + (f" (#{loaded.pk})" if loaded else "")
        if loaded is not None and loaded.obj is None and not sync.force:
            sync.conflict(where, "deleted in the admin; not recreated")
            continue
        yield where, values, loaded


def _sync_rows(sync: Sync, model, key: str, values_by_position: list[dict[str, Any]]) -> bool:
    """The one upsert path for every bill part but provisions; say whether anything changed."""
    rows = bill_rows(model, sync.bill) if not sync.is_new else BillRows()
    changed = False
    for where, values, loaded in _matched(sync, rows, values_by_position, key):
        if loaded is None or loaded.obj is None:
            obj = model(pk=loaded.pk if loaded else None, bill=sync.bill, **values)
            _save(obj, LOAD_REASON)
            sync.change(where, "added" if loaded is None else "recreated")
            changed = True
        elif _apply(sync, loaded.obj, values, loaded.staff_fields(values), where):
            _save(loaded.obj, CHANGE_REASON)
            changed = True
    return _settle_leftovers(sync, rows, len(values_by_position), key) or changed


def _record_creation(provision: Provision, party_rows: list) -> None:
    """Write the provision's "Created" history row, listing its parties as every later row does."""
    history_model = Provision.history.model
    entry = history_model(
        history_type="+",
        history_date=timezone.now(),
        history_change_reason=LOAD_REASON,
        **{f.attname: getattr(provision, f.attname) for f in history_model.tracked_fields},
    )
    entry.save()
    listed = entry.parties.model
    listed.objects.bulk_create(
        listed(history=entry, id=row.id, provision=provision, party_id=row.party_id) for row in party_rows
    )


def _create_provision(bill: Bill, values: dict[str, Any], pk: int | None = None) -> None:
    """A new provision with one "Created" history row that already lists its parties.

    Saved without history and given its parties in bulk (which sends no m2m signal, so no
    "Changed" row), then the one history row is written with the parties in place.
    """
    fields = {name: value for name, value in values.items() if name != PARTIES}
    provision = Provision(pk=pk, bill=bill, **fields)
    provision.save_without_historical_record()
    through = Provision.parties.through
    party_rows = through.objects.bulk_create(
        through(provision=provision, party_id=party_id) for party_id in sorted(values[PARTIES])
    )
    _record_creation(provision, party_rows)


def _update_provision(sync: Sync, loaded: LoadedRow, values: dict[str, Any], where: str) -> bool:
    """Bring one loaded provision and its parties in line with the file, minus staff's changes."""
    provision = loaded.obj
    changed = _apply(sync, provision, values, loaded.staff_fields(values), where)
    if set(changed) - {PARTIES}:
        _save(provision, CHANGE_REASON)
    if PARTIES in changed:
        provision._change_reason = CHANGE_REASON
        provision.parties.set(values[PARTIES])
    return bool(changed)


def _sync_provisions(sync: Sync, values_by_position: list[dict[str, Any]]) -> bool:
    """Provisions and their parties, matched to the file by loaded position."""
    rows = bill_rows(Provision, sync.bill) if not sync.is_new else BillRows()
    changed = False
    for where, values, loaded in _matched(sync, rows, values_by_position, "provisions"):
        if loaded is None or loaded.obj is None:
            _create_provision(sync.bill, values, pk=loaded.pk if loaded else None)
            sync.change(where, "added" if loaded is None else "recreated")
            changed = True
        else:
            changed |= _update_provision(sync, loaded, values, where)
    return _settle_leftovers(sync, rows, len(values_by_position), "provisions") or changed


def _provision_values(record: BillRecord, lookups: Lookups) -> list[dict[str, Any]]:
    """The file's provisions as model values: category and parties by id."""
    return [
        {
            **{key: value for key, value in row.items() if key not in ("category", PARTIES)},
            "category_id": lookups.categories[row["category"]],
            PARTIES: frozenset(lookups.parties[slug] for slug in row[PARTIES]),
        }
        for row in record.provisions
    ]


def _related_values(record: BillRecord, bill_ids: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "other_bill_id": bill_ids[link["other_slug"]] if link["other_slug"] else None,
            "identifier": link["identifier"],
            "relation": link["relation"],
            "note": link["note"],
        }
        for link in record.related
    ]


def _update_bill(sync: Sync, values: dict[str, Any]) -> bool:
    """The bill's own fields; a bill staff created in the admin counts as changed by staff throughout."""
    entries = list(sync.bill.history.order_by("history_date", "history_id"))
    if entries and by_loader(entries[0]):
        staff_fields = staff_changed_fields(entries, values)
    else:
        staff_fields = frozenset(values)
    if not _apply(sync, sync.bill, values, staff_fields, "bill"):
        return False
    sync.bill.full_clean()
    _save(sync.bill, CHANGE_REASON)
    return True


def _write_bill(record: BillRecord, lookups: Lookups, sync: Sync) -> bool:
    """Create the bill or bring it in line with its file; say whether anything changed."""
    values = {**record.bill_fields, "jurisdiction_id": lookups.jurisdictions[record.jurisdiction_slug]}
    if sync.is_new:
        sync.bill = Bill(slug=record.slug, is_published=True, **values)
        sync.bill.full_clean()
        _save(sync.bill, LOAD_REASON)
        changed = True
    else:
        changed = _update_bill(sync, values)
    changed |= _sync_provisions(sync, _provision_values(record, lookups))
    changed |= _sync_rows(sync, Sponsor, "sponsors", record.sponsors)
    changed |= _sync_rows(sync, Action, "actions", record.actions)
    changed |= _sync_rows(sync, Source, "sources", record.sources)
    if record.definitions is not None:
        changed |= _sync_rows(sync, Definition, "definitions", record.definitions)
        changed |= _sync_rows(sync, DefinitionSource, "definition_sources", record.definition_sources)
    return changed


def _write_or_refuse(record: BillRecord, lookups: Lookups, sync: Sync) -> bool:
    """_write_bill, with a database-level refusal turned into a problem naming the file and bill."""
    try:
        return _write_bill(record, lookups, sync)
    except ValidationError as error:
        details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.message_dict.items())
        raise BillDataError([f"{record.path.name}: bill {record.slug}: {details}"]) from None


def _write_all(records: list[BillRecord], report: LoadReport, *, update: bool, force: bool) -> None:
    """Write every bill (skipping existing ones unless ``update``), then every link between them."""
    lookups = Lookups.fetch()
    existing = {b.slug: b for b in Bill.objects.filter(slug__in=[r.slug for r in records])}
    written: list[tuple[BillRecord, Sync]] = []
    for record in records:
        bill = existing.get(record.slug)
        if bill is not None and not update:
            report.skipped.append(record.slug)
            continue
        sync = Sync(bill=bill, report=report, force=force, is_new=bill is None)
        changed = _write_or_refuse(record, lookups, sync)
        written.append((record, sync))
        if sync.is_new:
            report.created.append(record.slug)
        else:
            (report.updated if changed else report.unchanged).append(record.slug)

    # Links point at other bills, so they are written once every bill exists.
    bill_ids = dict(Bill.objects.values_list("slug", "id"))
    for record, sync in written:
        linked = _sync_rows(sync, RelatedBill, "related", _related_values(record, bill_ids))
        if linked and record.slug in report.unchanged:
            report.unchanged.remove(record.slug)
            report.updated.append(record.slug)


def load_bills(
    paths: list[Path] | None = None, *, update: bool = False, force: bool = False, dry_run: bool = False
) -> LoadReport:
    """Load reference data and bill files; all or nothing. Raises BillDataError on any bad file.

    ``dry_run`` does all the work and reports it, then rolls every write back.
    """
    report = LoadReport()
    with transaction.atomic():
        load_reference_data(update=update)
        _write_all(read_bill_files(bill_files(paths)), report, update=update, force=force)
        if dry_run:
            transaction.set_rollback(True)
        else:
            # Parties and history are written in bulk, which sends no signal: say so once, here.
            content_changed()
    return report
