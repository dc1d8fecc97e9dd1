"""Load researched bills from JSON files: validate everything first, then write in one transaction.

The file format is described in bills/data/README.md. By default a bill that already exists is
never touched, so staff edits survive; ``update=True`` brings existing bills back in line with the
files, one history entry per changed row.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.db.models.signals import post_save

from .models import (
    Action,
    Bill,
    Category,
    Confidence,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
    Status,
)
from .reference import DATA_DIR, load_reference_data

BILLS_DIR = DATA_DIR / "bills"
CHANGE_REASON = "Updated from data file"
LOAD_REASON = "Loaded from data file"

REQUIRED_KEYS = (
    "slug",
    "identifier",
    "title",
    "short_title",
    "jurisdiction",
    "session",
    "introduced",
    "status",
    "status_date",
    "effective",
    "expires",
    "sponsors",
    "codified_as",
    "summary",
    "sources",
    "actions",
    "related",
    "provisions",
    "notes",
)


class BillDataError(Exception):
    """One or more files are wrong; ``problems`` names each file, bill and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    """What a load did, bill by bill."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class BillRecord:
    """One validated bill file, ready to write."""

    path: Path
    slug: str
    jurisdiction_slug: str
    bill_fields: dict[str, Any]
    sponsors: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    related: list[dict[str, Any]]
    provisions: list[dict[str, Any]]


def bill_files(paths: list[Path] | None = None) -> list[Path]:
    """The JSON files named, or found in the folders named (default: the project's own data)."""
    files: list[Path] = []
    for path in paths or [BILLS_DIR]:
        path = Path(path)
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


class _FileChecker:
    """Collects problems in one file, each prefixed with the file and bill it is in."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        self.bill = "?"

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: bill {self.bill}: {where}: {message}")

    def text(self, data: dict, key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.problem(f"{where}{key}", f"expected text, found {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.problem(f"{where}{key}", "must not be empty")
        return value

    def date(self, data: dict, key: str, where: str = "") -> datetime.date | None:
        value = data.get(key)
        if value is None:
            return None
        # fromisoformat alone would also accept "20200114" and week dates.
        if isinstance(value, str) and len(value) == 10:
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(f"{where}{key}", f"{value!r} is not a date in the form YYYY-MM-DD")
        return None

    def choice(self, data: dict, key: str, allowed, where: str) -> str:
        value = data.get(key)
        # isinstance first: a list or object here would not even be hashable.
        if not isinstance(value, str) or value not in allowed:
            self.problem(
                f"{where}{key}", f"unknown value {value!r}; expected one of: {', '.join(sorted(allowed))}"
            )
            return ""
        return value

    def fits(self, model, values: dict[str, Any], where: str) -> None:
        """Text longer than its column: PostgreSQL would stop the load part-way, SQLite would keep it."""
        for name, value in values.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            max_length = getattr(field, "max_length", None)
            # A field with choices already has its own "unknown value" problem.
            if isinstance(value, str) and max_length and not field.choices and len(value) > max_length:
                self.problem(
                    f"{where}{name}",
                    f"Ensure this value has at most {max_length} characters (it has {len(value)}).",
                )

    def items(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(key, "expected a list of objects")
            return []
        return value


def read_bill_file(path: Path, known: dict[str, set[str]], problems: list[str]) -> BillRecord | None:
    """Parse and check one file against the reference lists; problems are appended, not raised."""
    check = _FileChecker(path, problems)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        check.problem("file", f"cannot be read as JSON ({error})")
        return None
    if not isinstance(data, dict):
        check.problem("file", "expected one JSON object")
        return None
    check.bill = str(data.get("slug") or path.stem)
    missing = [key for key in REQUIRED_KEYS if key not in data]
    for key in missing:
        check.problem(key, "required field is missing")
    if missing:
        return None

    slug = check.text(data, "slug", "")
    try:
        validate_slug(slug)
    except ValidationError:
        check.problem("slug", f"{slug!r} is not a valid slug (letters, numbers, hyphens)")
    jurisdiction = data["jurisdiction"] if isinstance(data["jurisdiction"], dict) else {}
    jurisdiction_slug = jurisdiction.get("slug")
    if not isinstance(jurisdiction_slug, str) or jurisdiction_slug not in known["jurisdictions"]:
        check.problem("jurisdiction.slug", f"unknown jurisdiction {jurisdiction_slug!r}")
        jurisdiction_slug = ""

    bill_fields = {
        "identifier": check.text(data, "identifier", ""),
        "title": check.text(data, "title", ""),
        "short_title": check.text(data, "short_title", "", required=False),
        "session": check.text(data, "session", ""),
        "status": check.choice(data, "status", set(Status.values), ""),
        "introduced": check.date(data, "introduced"),
        "status_date": check.date(data, "status_date"),
        "effective": check.date(data, "effective"),
        "expires": check.date(data, "expires"),
        "codified_as": check.text(data, "codified_as", "", required=False),
        "plain_summary": check.text(data, "summary", ""),
        "research_notes": check.text(data, "notes", "", required=False),
    }

    sponsors = []
    for index, sponsor in enumerate(check.items(data, "sponsors")):
        where = f"sponsors[{index}]."
        sponsors.append(
            {
                "name": check.text(sponsor, "name", where),
                "affiliation": check.text(sponsor, "affiliation", where, required=False),
                "role": check.choice(sponsor, "role", set(Sponsor.Role.values), where),
                "display_order": index,
            }
        )

    actions = []
    for index, action in enumerate(check.items(data, "actions")):
        where = f"actions[{index}]."
        date = check.date(action, "date", where)
        if date is None and action.get("date") is None:
            check.problem(f"{where}date", "required field is missing")
        actions.append(
            {
                "date": date,
                "actor": check.choice(action, "actor", set(Action.Actor.values), where),
                "description": check.text(action, "description", where),
            }
        )

    sources = []
    url_validator = URLValidator(schemes=["http", "https"])
    for index, source in enumerate(check.items(data, "sources")):
        where = f"sources[{index}]."
        url = check.text(source, "url", where)
        try:
            url_validator(url)
        except ValidationError:
            check.problem(f"{where}url", f"{url!r} is not a valid web address")
        sources.append({"label": check.text(source, "label", where), "url": url})

    related = []
    for index, link in enumerate(check.items(data, "related")):
        where = f"related[{index}]."
        if link.get("slug") is not None and not isinstance(link.get("slug"), str):
            check.problem(f"{where}slug", f"expected a bill's slug or null, found {link.get('slug')!r}")
            link = {**link, "slug": None}
        if link.get("slug") and link.get("slug") == slug:
            # The database refuses it too, but only part-way through the load and without naming the file.
            check.problem(f"{where}slug", "a bill cannot be related to itself")
        related.append(
            {
                "other_slug": link.get("slug"),
                "identifier": check.text(link, "identifier", where),
                "relation": check.choice(link, "relation", set(RelatedBill.Relation.values), where),
                "note": check.text(link, "note", where, required=False),
            }
        )

    provisions = []
    for index, provision in enumerate(check.items(data, "provisions")):
        where = f"provisions[{index}]."
        parties = provision.get("parties")
        if not isinstance(parties, list) or not parties:
            check.problem(f"{where}parties", "must list at least one party")
            parties = []
        for party in parties:
            if not isinstance(party, str) or party not in known["parties"]:
                check.problem(f"{where}parties", f"unknown party {party!r}")
        parties = [party for party in parties if isinstance(party, str)]
        provisions.append(
            {
                "category": check.choice(provision, "category", known["categories"], where),
                "effect": check.choice(provision, "effect", set(Effect.values), where),
                "parties": sorted(set(parties)),
                "section": check.text(provision, "section", where, required=False),
                "plain": check.text(provision, "plain", where),
                "detail": check.text(provision, "detail", where, required=False),
                "confidence": check.choice(provision, "confidence", set(Confidence.values), where),
                "display_order": index,
            }
        )
    if not provisions:
        check.problem("provisions", "a bill needs at least one provision")

    check.fits(Bill, bill_fields, "")
    for key, model, rows in [
        ("sponsors", Sponsor, sponsors),
        ("actions", Action, actions),
        ("sources", Source, sources),
        ("related", RelatedBill, related),
        ("provisions", Provision, provisions),
    ]:
        for index, row in enumerate(rows):
            check.fits(model, row, f"{key}[{index}].")

    # The same date rules the admin enforces, with the same messages.
    try:
        Bill(**bill_fields).clean()
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                check.problem(key, message)

    return BillRecord(
        path=path,
        slug=slug,
        jurisdiction_slug=jurisdiction_slug or "",
        bill_fields=bill_fields,
        sponsors=sponsors,
        actions=actions,
        sources=sources,
        related=related,
        provisions=provisions,
    )


def read_bill_files(paths: list[Path]) -> list[BillRecord]:
    """Read and check every file; raise BillDataError listing every problem in every file."""
    known = {
        "jurisdictions": set(Jurisdiction.objects.values_list("slug", flat=True)),
        "parties": set(Party.objects.values_list("slug", flat=True)),
        "categories": set(Category.objects.values_list("slug", flat=True)),
    }
    problems: list[str] = []
    records: list[BillRecord] = []
    if not paths:
        raise BillDataError(["No bill files found."])
    for path in paths:
        record = read_bill_file(path, known, problems)
        if record is not None:
            records.append(record)

    first_seen: dict[str, Path] = {}
    seen_numbers: dict[tuple, Path] = {}
    for record in records:
        if record.slug in first_seen:
            problems.append(
                f"{record.path.name}: bill {record.slug}: slug: duplicate slug, also used by "
                f"{first_seen[record.slug].name}"
            )
        first_seen.setdefault(record.slug, record.path)
        number = (record.jurisdiction_slug, record.bill_fields["session"], record.bill_fields["identifier"])
        if number in seen_numbers:
            problems.append(
                f"{record.path.name}: bill {record.slug}: identifier: {record.bill_fields['identifier']} "
                f"in this jurisdiction and session is already in {seen_numbers[number].name}"
            )
        seen_numbers.setdefault(number, record.path)

    # A link to a bill we hold must name a real slug; a typo would silently lose the link.
    held = set(first_seen) | set(Bill.objects.values_list("slug", flat=True))
    for record in records:
        for index, link in enumerate(record.related):
            if link["other_slug"] and link["other_slug"] not in held:
                problems.append(
                    f"{record.path.name}: bill {record.slug}: related[{index}].slug: no bill "
                    f"{link['other_slug']!r} in these files or the database "
                    "(load both files together, or use null for a bill we do not hold)"
                )
    if problems:
        raise BillDataError(problems)
    return records


def _sync_fields(obj, values: dict[str, Any]) -> bool:
    """Set the fields that differ; say whether any did."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)


def _sync_children(manager, model, rows: list[dict[str, Any]], bill: Bill, after_save=None) -> bool:
    """Match existing children by position: update those that differ, add new ones, delete extras."""
    existing = list(manager.all())
    changed = False
    for position, values in enumerate(rows):
        extra = {}
        if after_save is not None:
            extra = {key: values.pop(key) for key in list(values) if key.startswith("_")}
        if position < len(existing):
            obj = existing[position]
            if _sync_fields(obj, values):
                obj._change_reason = CHANGE_REASON
                obj.save()
                changed = True
        else:
            obj = model(bill=bill, **values)
            obj._change_reason = LOAD_REASON
            if after_save is not None:
                # One "Created" history row that already lists the parties, not "Created" then "Changed".
                obj.skip_history_when_saving = True
                obj.save()
                after_save(obj, extra)
                del obj.skip_history_when_saving
                post_save.send(sender=model, instance=obj, created=True, raw=False, using=obj._state.db)
            else:
                obj.save()
            changed = True
            continue
        if after_save is not None and after_save(obj, extra):
            changed = True
    for obj in existing[len(rows) :]:
        obj._change_reason = CHANGE_REASON
        obj.delete()
        changed = True
    return changed


def _write_bill(record: BillRecord, bill: Bill | None, lookups: dict[str, dict]) -> tuple[Bill, bool]:
    """Create the bill or bring it in line with its file; return it and whether anything changed."""
    values = {**record.bill_fields, "jurisdiction": lookups["jurisdictions"][record.jurisdiction_slug]}
    changed = False
    if bill is None:
        bill = Bill(slug=record.slug, is_published=True, **values)
        bill._change_reason = LOAD_REASON
        bill.full_clean()
        bill.save()
        changed = True
    elif _sync_fields(bill, values):
        bill._change_reason = CHANGE_REASON
        bill.full_clean()
        bill.save()
        changed = True

    def set_parties(provision: Provision, extra: dict) -> bool:
        wanted = {lookups["parties"][slug] for slug in extra["_parties"]}
        if set(provision.parties.all()) == wanted:
            return False
        provision.parties.set(wanted)
        return True

    provision_rows = [
        {
            **{k: v for k, v in row.items() if k not in ("category", "parties")},
            "category": lookups["categories"][row["category"]],
            "_parties": row["parties"],
        }
        for row in record.provisions
    ]
    changed |= _sync_children(bill.provisions, Provision, provision_rows, bill, after_save=set_parties)
    changed |= _sync_children(bill.sponsors, Sponsor, [dict(r) for r in record.sponsors], bill)
    changed |= _sync_children(bill.actions, Action, [dict(r) for r in record.actions], bill)
    changed |= _sync_children(bill.sources, Source, [dict(r) for r in record.sources], bill)
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
    return _sync_children(bill.related_links, RelatedBill, rows, bill)


@transaction.atomic
def load_bills(paths: list[Path] | None = None, *, update: bool = False) -> LoadReport:
    """Load reference data and bill files; all or nothing. Raises BillDataError on any bad file."""
    load_reference_data(update=update)
    records = read_bill_files(bill_files(paths))
    lookups = {
        "jurisdictions": {j.slug: j for j in Jurisdiction.objects.all()},
        "parties": {p.slug: p for p in Party.objects.all()},
        "categories": {c.slug: c for c in Category.objects.all()},
    }
    existing = {b.slug: b for b in Bill.objects.filter(slug__in=[r.slug for r in records])}
    report = LoadReport()
    written: list[tuple[BillRecord, Bill]] = []
    for record in records:
        bill = existing.get(record.slug)
        if bill is not None and not update:
            report.skipped.append(record.slug)
            continue
        try:
            bill, changed = _write_bill(record, bill, lookups)
        except ValidationError as error:
            details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.message_dict.items())
            raise BillDataError([f"{record.path.name}: bill {record.slug}: {details}"]) from None
        written.append((record, bill))
        if record.slug not in existing:
            report.created.append(record.slug)
        elif changed:
            report.updated.append(record.slug)
        else:
            report.unchanged.append(record.slug)

    # Links point at other bills, so they are written once every bill exists.
    bills_by_slug = {b.slug: b for b in Bill.objects.all()}
    for record, bill in written:
        if _write_related(record, bill, bills_by_slug) and record.slug in report.unchanged:
            report.unchanged.remove(record.slug)
            report.updated.append(record.slug)
    return report
