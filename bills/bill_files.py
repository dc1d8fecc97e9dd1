"""Read and check bill files (format: bills/data/README.md) before anything is written.

Each part of a file has its own small reader; every problem names the file, the bill and the field,
and all problems in all files are collected so that one run lists them all.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator, validate_slug

from . import vocabulary
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

DATA_DIR = Path(__file__).resolve().parent / "data"
BILLS_DIR = DATA_DIR / "bills"
# A law's definitions sit beside its bill file: <data>/definitions/<slug>.json for <data>/bills/<slug>.json.
DEFINITIONS_FOLDER = "definitions"
DEFINITIONS_KEYS = ("slug", "definitions", "sources", "notes")

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
    "coverage",
    "checked",
    "notes",
)

WEB_ADDRESS = URLValidator(schemes=["http", "https"])


class BillDataError(Exception):
    """One or more files are wrong; ``problems`` names each file, bill and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


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
    # From definitions/<slug>.json: a law without that file has no definition recorded. None when
    # no definitions folder sits beside the bill file at all: then its definitions are not loaded.
    definitions: list[dict[str, Any]] | None = None
    definition_sources: list[dict[str, Any]] = field(default_factory=list)


def bill_files(paths: list[Path] | None = None) -> list[Path]:
    """The JSON files named, or found in the folders named (default: the project's own data)."""
    files: list[Path] = []
    for path in paths or [BILLS_DIR]:
        path = Path(path)
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


class FileChecker:
    """Collects problems in one file, each prefixed with the file and bill it is in."""

    def __init__(self, path: Path, problems: list[str], name: str = ""):
        self.path = path
        self.problems = problems
        self.name = name or path.name
        self.bill = "?"

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.name}: bill {self.bill}: {where}: {message}")

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

    def rows(self, data: dict, key: str, model, read_one) -> list[dict[str, Any]]:
        """Read each object of the list ``key`` with ``read_one(item, where, index)``; check lengths."""
        rows = []
        for index, item in enumerate(self.items(data, key)):
            where = f"{key}[{index}]."
            row = read_one(item, where, index)
            self.fits(model, row, where)
            rows.append(row)
        return rows


def read_json(check: FileChecker, required_keys=REQUIRED_KEYS) -> dict | None:
    """The file's one JSON object with every required key, or None (with the problem recorded)."""
    try:
        data = json.loads(check.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        check.problem("file", f"cannot be read as JSON ({error})")
        return None
    if not isinstance(data, dict):
        check.problem("file", "expected one JSON object")
        return None
    if check.bill == "?":
        check.bill = str(data.get("slug") or check.path.stem)
    missing = [key for key in required_keys if key not in data]
    for key in missing:
        check.problem(key, "required field is missing")
    return None if missing else data


def read_slug(check: FileChecker, data: dict) -> str:
    slug = check.text(data, "slug", "")
    try:
        validate_slug(slug)
    except ValidationError:
        check.problem("slug", f"{slug!r} is not a valid slug (letters, numbers, hyphens)")
    return slug


def read_jurisdiction(check: FileChecker, data: dict, known: set[str]) -> str:
    """The slug of a jurisdiction held in the database, or "" (with the problem recorded)."""
    jurisdiction = data["jurisdiction"] if isinstance(data["jurisdiction"], dict) else {}
    slug = jurisdiction.get("slug")
    if not isinstance(slug, str) or slug not in known:
        check.problem("jurisdiction.slug", f"unknown jurisdiction {slug!r}")
        return ""
    return slug


def read_checked(check: FileChecker, data: dict) -> datetime.date | None:
    """The day the facts were last checked: every file must say."""
    if data["checked"] is None:
        check.problem("checked", "must be the date the facts were last checked, not null")
    return check.date(data, "checked")


def read_bill_fields(check: FileChecker, data: dict) -> dict[str, Any]:
    """The bill's own fields, named as the model names them; checked as the admin checks them."""
    fields = {
        "identifier": check.text(data, "identifier", ""),
        "title": check.text(data, "title", ""),
        "short_title": check.text(data, "short_title", "", required=False),
        "session": check.text(data, "session", ""),
        "status": check.choice(data, "status", vocabulary.STATUSES, ""),
        "introduced": check.date(data, "introduced"),
        "status_date": check.date(data, "status_date"),
        "effective": check.date(data, "effective"),
        "expires": check.date(data, "expires"),
        "codified_as": check.text(data, "codified_as", "", required=False),
        "plain_summary": check.text(data, "summary", ""),
        "coverage": check.choice(data, "coverage", vocabulary.COVERAGE, ""),
        "checked": read_checked(check, data),
        "research_notes": check.text(data, "notes", "", required=False),
    }
    check.fits(Bill, fields, "")
    # The same date rules the admin enforces, with the same messages.
    try:
        Bill(**fields).clean()
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                check.problem(key, message)
    return fields


def read_sponsors(check: FileChecker, data: dict) -> list[dict[str, Any]]:
    def read_one(sponsor: dict, where: str, index: int) -> dict[str, Any]:
        return {
            "name": check.text(sponsor, "name", where),
            "affiliation": check.text(sponsor, "affiliation", where, required=False),
            "role": check.choice(sponsor, "role", vocabulary.ROLES, where),
            "display_order": index,
        }

    return check.rows(data, "sponsors", Sponsor, read_one)


def read_actions(check: FileChecker, data: dict) -> list[dict[str, Any]]:
    def read_one(action: dict, where: str, index: int) -> dict[str, Any]:
        date = check.date(action, "date", where)
        if date is None and action.get("date") is None:
            check.problem(f"{where}date", "required field is missing")
        return {
            "date": date,
            "actor": check.choice(action, "actor", vocabulary.ACTORS, where),
            "description": check.text(action, "description", where),
        }

    return check.rows(data, "actions", Action, read_one)


def read_sources(check: FileChecker, data: dict, model=Source) -> list[dict[str, Any]]:
    def read_one(source: dict, where: str, index: int) -> dict[str, Any]:
        url = check.text(source, "url", where)
        try:
            WEB_ADDRESS(url)
        except ValidationError:
            check.problem(f"{where}url", f"{url!r} is not a valid web address")
        return {"label": check.text(source, "label", where), "url": url}

    return check.rows(data, "sources", model, read_one)


def read_related(check: FileChecker, data: dict, slug: str) -> list[dict[str, Any]]:
    """Links to other bills; ``other_slug`` is None for a bill not held here."""

    def read_one(link: dict, where: str, index: int) -> dict[str, Any]:
        other = link.get("slug")
        if other is not None and not isinstance(other, str):
            check.problem(f"{where}slug", f"expected a bill's slug or null, found {other!r}")
            other = None
        if other and other == slug:
            # The database refuses it too, but only part-way through the load and without naming the file.
            check.problem(f"{where}slug", "a bill cannot be related to itself")
        return {
            "other_slug": other or None,
            "identifier": check.text(link, "identifier", where),
            "relation": check.choice(link, "relation", vocabulary.RELATIONS, where),
            "note": check.text(link, "note", where, required=False),
        }

    return check.rows(data, "related", RelatedBill, read_one)


def read_parties(check: FileChecker, provision: dict, where: str, known: set[str]) -> list[str]:
    """The provision's party slugs, sorted and without repeats; at least one is required."""
    parties = provision.get("parties")
    if not isinstance(parties, list) or not parties:
        check.problem(f"{where}parties", "must list at least one party")
        return []
    for party in parties:
        if not isinstance(party, str) or party not in known:
            check.problem(f"{where}parties", f"unknown party {party!r}")
    return sorted({party for party in parties if isinstance(party, str)})


def read_provisions(check: FileChecker, data: dict, known: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The obligations, with category and party slugs still as slugs; a bill needs at least one."""

    def read_one(provision: dict, where: str, index: int) -> dict[str, Any]:
        return {
            "category": check.choice(provision, "category", known["categories"], where),
            "effect": check.choice(provision, "effect", vocabulary.EFFECTS, where),
            "parties": read_parties(check, provision, where, known["parties"]),
            "section": check.text(provision, "section", where, required=False),
            "plain": check.text(provision, "plain", where),
            "detail": check.text(provision, "detail", where, required=False),
            "confidence": check.choice(provision, "confidence", vocabulary.CONFIDENCE, where),
            "display_order": index,
        }

    provisions = check.rows(data, "provisions", Provision, read_one)
    if not provisions:
        check.problem("provisions", "a bill needs at least one provision")
    return provisions


def read_phrases(check: FileChecker, definition: dict, key: str, where: str) -> str:
    """An includes or excludes list, stored one phrase per line (so no phrase may hold a line break)."""
    phrases = definition.get(key)
    if not isinstance(phrases, list):
        check.problem(f"{where}{key}", "expected a list of short phrases")
        return ""
    for index, phrase in enumerate(phrases):
        if not isinstance(phrase, str) or not phrase.strip() or "\n" in phrase:
            check.problem(f"{where}{key}[{index}]", "expected one line of text")
    return "\n".join(phrase.strip() for phrase in phrases if isinstance(phrase, str))


def read_definitions(check: FileChecker, data: dict) -> list[dict[str, Any]]:
    """The defined terms in file order (the first is the central one); a file needs at least one."""

    def read_one(definition: dict, where: str, index: int) -> dict[str, Any]:
        return {
            "term": check.text(definition, "term", where),
            "section": check.text(definition, "section", where, required=False),
            "plain": check.text(definition, "plain", where),
            "includes": read_phrases(check, definition, "includes", where),
            "excludes": read_phrases(check, definition, "excludes", where),
            "confidence": check.choice(definition, "confidence", vocabulary.CONFIDENCE, where),
            "display_order": index,
        }

    definitions = check.rows(data, "definitions", Definition, read_one)
    if not definitions:
        check.problem("definitions", "a definitions file needs at least one definition")
    terms = [row["term"].casefold() for row in definitions]
    for index, term in enumerate(terms):
        if term and term in terms[:index]:
            check.problem(f"definitions[{index}].term", f"{definitions[index]['term']!r} is defined twice")
    return definitions


def definitions_path(bill_path: Path) -> Path:
    return bill_path.parent.parent / DEFINITIONS_FOLDER / bill_path.name


def read_definitions_file(record: BillRecord, problems: list[str]) -> None:
    """Add the law's definitions, their sources and notes to its record (none if it has no file)."""
    path = definitions_path(record.path)
    if not path.parent.is_dir():
        return
    record.definitions = []
    record.bill_fields["definition_notes"] = ""
    if not path.is_file():
        return
    check = FileChecker(path, problems, name=f"{DEFINITIONS_FOLDER}/{path.name}")
    check.bill = record.slug
    data = read_json(check, DEFINITIONS_KEYS)
    if data is None:
        return
    if data.get("slug") != record.slug:
        check.problem("slug", f"{data.get('slug')!r} does not match the bill file {record.path.name}")
    record.definitions = read_definitions(check, data)
    record.definition_sources = read_sources(check, data, DefinitionSource)
    record.bill_fields["definition_notes"] = check.text(data, "notes", "", required=False)


def read_bill_file(path: Path, known: dict[str, set[str]], problems: list[str]) -> BillRecord | None:
    """Parse and check one file against the reference lists; problems are appended, not raised."""
    check = FileChecker(path, problems)
    data = read_json(check)
    if data is None:
        return None
    slug = read_slug(check, data)
    return BillRecord(
        path=path,
        slug=slug,
        jurisdiction_slug=read_jurisdiction(check, data, known["jurisdictions"]),
        bill_fields=read_bill_fields(check, data),
        sponsors=read_sponsors(check, data),
        actions=read_actions(check, data),
        sources=read_sources(check, data),
        related=read_related(check, data, slug),
        provisions=read_provisions(check, data, known),
    )


def known_slugs() -> dict[str, set[str]]:
    """The reference lists a bill file may name, as they are in the database."""
    return {
        "jurisdictions": set(Jurisdiction.objects.values_list("slug", flat=True)),
        "parties": set(Party.objects.values_list("slug", flat=True)),
        "categories": set(Category.objects.values_list("slug", flat=True)),
    }


def check_unique(records: list[BillRecord], problems: list[str]) -> None:
    """No two files for one slug, nor for one bill number in one jurisdiction and session."""
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


def check_links(records: list[BillRecord], problems: list[str]) -> None:
    """A link to a bill we hold must name a real slug; a typo would silently lose the link."""
    held = {record.slug for record in records} | set(Bill.objects.values_list("slug", flat=True))
    for record in records:
        for index, link in enumerate(record.related):
            if link["other_slug"] and link["other_slug"] not in held:
                problems.append(
                    f"{record.path.name}: bill {record.slug}: related[{index}].slug: no bill "
                    f"{link['other_slug']!r} in these files or the database "
                    "(load both files together, or use null for a bill we do not hold)"
                )


def check_orphan_definitions(paths: list[Path], problems: list[str]) -> None:
    """A definitions file beside the bills being loaded must have its bill file; else it is lost."""
    for folder in sorted({path.parent for path in paths}):
        for path in sorted((folder.parent / DEFINITIONS_FOLDER).glob("*.json")):
            if not (folder / path.name).is_file():
                problems.append(
                    f"{DEFINITIONS_FOLDER}/{path.name}: bill {path.stem}: slug: "
                    f"no bill file {folder.name}/{path.name} for these definitions"
                )


def read_bill_files(paths: list[Path]) -> list[BillRecord]:
    """Read and check every file; raise BillDataError listing every problem in every file."""
    if not paths:
        raise BillDataError(["No bill files found."])
    known = known_slugs()
    problems: list[str] = []
    records = [record for path in paths if (record := read_bill_file(path, known, problems))]
    for record in records:
        read_definitions_file(record, problems)
    check_orphan_definitions(paths, problems)
    check_unique(records, problems)
    check_links(records, problems)
    if problems:
        raise BillDataError(problems)
    return records
