"""Load researched bills from JSON files: check everything first, then write in one transaction.

Reading and checking the files is bills/bill_files.py; this module writes. By default a bill that
already exists is never touched, so staff edits survive; ``update=True`` brings existing bills back
in line with the files, one history entry per changed row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .bill_files import BILLS_DIR, BillDataError, BillRecord, bill_files, read_bill_files
from .models import Action, Bill, Category, Jurisdiction, Party, Provision, RelatedBill, Source, Sponsor
from .reference import load_reference_data

__all__ = ["BILLS_DIR", "CHANGE_REASON", "LOAD_REASON", "BillDataError", "LoadReport", "load_bills"]

CHANGE_REASON = "Updated from data file"
LOAD_REASON = "Loaded from data file"


@dataclass
class LoadReport:
    """What a load did, bill by bill."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class Lookups:
    """Reference rows by slug, fetched once per load."""

    jurisdictions: dict[str, Jurisdiction]
    parties: dict[str, Party]
    categories: dict[str, Category]

    @classmethod
    def fetch(cls) -> Lookups:
        return cls(
            jurisdictions={j.slug: j for j in Jurisdiction.objects.all()},
            parties={p.slug: p for p in Party.objects.all()},
            categories={c.slug: c for c in Category.objects.all()},
        )


def _set_changed_fields(obj, values: dict[str, Any]) -> bool:
    """Set the fields that differ; say whether any did."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)


def _save(obj, reason: str) -> None:
    obj._change_reason = reason
    obj.save()


def _sync_rows(manager, model, rows: list[dict[str, Any]], bill: Bill) -> bool:
    """Match a bill's sponsors, actions, sources or links to the file's rows by position.

    Rows that differ are updated, missing ones added, extra ones deleted; say whether any changed.
    """
    existing = list(manager.all())
    changed = False
    for obj, values in zip(existing, rows, strict=False):
        if _set_changed_fields(obj, values):
            _save(obj, CHANGE_REASON)
            changed = True
    for values in rows[len(existing) :]:
        _save(model(bill=bill, **values), LOAD_REASON)
        changed = True
    return _delete(existing[len(rows) :]) or changed


def _delete(objs: list) -> bool:
    for obj in objs:
        obj._change_reason = CHANGE_REASON
        obj.delete()
    return bool(objs)


def _provision_values(row: dict[str, Any], lookups: Lookups) -> tuple[dict[str, Any], set[Party]]:
    """A provision row from the file as model field values, and its parties."""
    values = {key: value for key, value in row.items() if key not in ("category", "parties")}
    values["category"] = lookups.categories[row["category"]]
    return values, {lookups.parties[slug] for slug in row["parties"]}


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


def _create_provision(bill: Bill, values: dict[str, Any], parties: set[Party]) -> None:
    """A new provision with one "Created" history row that already lists its parties.

    Saved without history and given its parties in bulk (which sends no m2m signal, so no
    "Changed" row), then the one history row is written with the parties in place.
    """
    provision = Provision(bill=bill, **values)
    provision.save_without_historical_record()
    through = Provision.parties.through
    party_rows = through.objects.bulk_create(through(provision=provision, party=party) for party in parties)
    _record_creation(provision, party_rows)


def _update_provision(provision: Provision, values: dict[str, Any], parties: set[Party]) -> bool:
    """Bring one provision and its parties in line with the file; say whether anything changed."""
    changed = _set_changed_fields(provision, values)
    if changed:
        _save(provision, CHANGE_REASON)
    if set(provision.parties.all()) != parties:
        provision._change_reason = CHANGE_REASON
        provision.parties.set(parties)
        changed = True
    return changed


def _sync_provisions(bill: Bill, rows: list[dict[str, Any]], lookups: Lookups) -> bool:
    """Match the bill's provisions to the file's by position, parties included."""
    existing = list(bill.provisions.all())
    changed = False
    for position, row in enumerate(rows):
        values, parties = _provision_values(row, lookups)
        if position < len(existing):
            changed |= _update_provision(existing[position], values, parties)
        else:
            _create_provision(bill, values, parties)
            changed = True
    return _delete(existing[len(rows) :]) or changed


def _write_bill_fields(record: BillRecord, bill: Bill | None, lookups: Lookups) -> tuple[Bill, bool]:
    """Create the bill or bring its own fields in line with the file."""
    values = {**record.bill_fields, "jurisdiction": lookups.jurisdictions[record.jurisdiction_slug]}
    if bill is None:
        bill = Bill(slug=record.slug, is_published=True, **values)
        reason = LOAD_REASON
    elif _set_changed_fields(bill, values):
        reason = CHANGE_REASON
    else:
        return bill, False
    bill.full_clean()
    _save(bill, reason)
    return bill, True


def _write_bill(record: BillRecord, bill: Bill | None, lookups: Lookups) -> tuple[Bill, bool]:
    """Create the bill or bring it in line with its file; return it and whether anything changed."""
    bill, changed = _write_bill_fields(record, bill, lookups)
    changed |= _sync_provisions(bill, record.provisions, lookups)
    changed |= _sync_rows(bill.sponsors, Sponsor, record.sponsors, bill)
    changed |= _sync_rows(bill.actions, Action, record.actions, bill)
    changed |= _sync_rows(bill.sources, Source, record.sources, bill)
    return bill, changed


def _write_related(record: BillRecord, bill: Bill, bills_by_slug: dict[str, Bill]) -> bool:
    rows = [
        {
            "other_bill": bills_by_slug.get(link["other_slug"]) if link["other_slug"] else None,
            "identifier": link["identifier"],
            "relation": link["relation"],
            "note": link["note"],
        }
        for link in record.related
    ]
    return _sync_rows(bill.related_links, RelatedBill, rows, bill)


def _write_or_refuse(record: BillRecord, bill: Bill | None, lookups: Lookups) -> tuple[Bill, bool]:
    """_write_bill, with a database-level refusal turned into a problem naming the file and bill."""
    try:
        return _write_bill(record, bill, lookups)
    except ValidationError as error:
        details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.message_dict.items())
        raise BillDataError([f"{record.path.name}: bill {record.slug}: {details}"]) from None


@transaction.atomic
def load_bills(paths: list[Path] | None = None, *, update: bool = False) -> LoadReport:
    """Load reference data and bill files; all or nothing. Raises BillDataError on any bad file."""
    load_reference_data(update=update)
    records = read_bill_files(bill_files(paths))
    lookups = Lookups.fetch()
    existing = {b.slug: b for b in Bill.objects.filter(slug__in=[r.slug for r in records])}
    report = LoadReport()
    written: list[tuple[BillRecord, Bill]] = []
    for record in records:
        bill = existing.get(record.slug)
        if bill is not None and not update:
            report.skipped.append(record.slug)
            continue
        bill, changed = _write_or_refuse(record, bill, lookups)
        written.append((record, bill))
        if record.slug not in existing:
            report.created.append(record.slug)
        else:
            (report.updated if changed else report.unchanged).append(record.slug)

    # Links point at other bills, so they are written once every bill exists.
    bills_by_slug = {b.slug: b for b in Bill.objects.all()}
    for record, bill in written:
        if _write_related(record, bill, bills_by_slug) and record.slug in report.unchanged:
            report.unchanged.remove(record.slug)
            report.updated.append(record.slug)
    return report
