#!/usr/bin/env python3
"""Validate the facial-recognition bill data set.

Checks every bills/<slug>.json file against taxonomy.json, jurisdictions.json and the
schema described in README.md, and prints one line per problem.

Usage:
    python3 check_data.py [--data-dir DIR] [--stats]

Exit status: 0 when every file is valid, 1 when any problem is found, 2 when the
data directory or taxonomy.json cannot be read. Warnings never change the status.
Standard library only (Python 3.11+).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

BILL_KEYS = (
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
JURISDICTION_KEYS = ("name", "slug", "level", "abbreviation", "parent", "country")
SPONSOR_KEYS = ("name", "affiliation", "role")
SOURCE_KEYS = ("label", "url")
ACTION_KEYS = ("date", "actor", "description")
RELATED_KEYS = ("slug", "identifier", "relation", "note")
PROVISION_KEYS = ("category", "effect", "parties", "section", "plain", "detail", "confidence")

LEVELS = ("international", "national", "state", "county", "city")
# A jurisdiction's parent must have one of these levels (None: it must have no parent).
PARENT_LEVELS = {
    "international": None,
    "national": None,
    "state": {"national"},
    "county": {"state"},
    "city": {"state"},
}
AFFILIATIONS = ("D", "R", "")
ROLES = ("primary", "cosponsor")
CONFIDENCE = ("high", "medium", "low")
INVERSE_RELATION = {
    "amends": "amended-by",
    "amended-by": "amends",
    "companion": "companion",
    "reintroduction-of": "reintroduced-as",
    "reintroduced-as": "reintroduction-of",
    "replaces": "replaced-by",
    "replaced-by": "replaces",
}
# The empty actor is for events no body performs, such as a law taking effect on a set date.
ACTORS = (
    "Senate",
    "House",
    "Assembly",
    "Legislature",
    "Council",
    "Board of Supervisors",
    "Governor",
    "Mayor",
    "County Executive",
    "Commission",
    "Parliament",
    "Council of the EU",
    "Parliament and Council",
    "",
)
# Rights given to people are recorded with the effect "grants".
REQUIRED_EFFECTS = {"private-right-of-action": {"grants"}, "individual-rights": {"grants"}}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https?://[^\s]+$")

MAX_SUMMARY_SENTENCES = 4
MAX_SUMMARY_WORDS = 120
MAX_PLAIN_SENTENCES = 2
MAX_PLAIN_WORDS = 45
MAX_DETAIL_WORDS = 120

# Wording about how the data was gathered, which no public text may contain.
PROCESS_WORDS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bbriefs?\b",
        r"\bhelpers?\b",
        r"\blook[- ]?ups?\b",
        r"\blooked up\b",
        r"\btaxonomy\b",
        r"\bthe research\b",
        r"\bresearch (?:files?|process|notes?|team)\b",
        r"\bnot read\b",
        r"\b(?:was|were|been|being) read\b",
        r"\bread (?:directly|in full|on|via|through)\b",
        r"\bsearch tool\b",
        r"\bthis (?:record|entry|file)\b",
        r"\bthe (?:research|data) file\b",
        r"\bI (?:found|could|did|read|searched|checked|looked)\b",
        r"\bwe (?:found|could|did|read|searched|checked|looked)\b",
        r"\bLLM\b",
        r"\bas instructed\b",
        r"\bclosest (?:category|row)\b",
    )
]
# Hedges that belong in "confidence" and "notes", not in plain texts or citations.
HEDGE_WORDS = re.compile(
    r"\b(?:likely|probably|possibly|apparently|presumably|reportedly|unverified|unconfirmed|"
    r"sources?|(?:not |un)?verified|not confirmed|confirmed by|inferred)\b",
    re.IGNORECASE,
)
SECTION_QUALIFIERS = re.compile(
    r"likely|not |confirm|verif|infer|unknown|uncertain|possibl|number|\?|see ", re.IGNORECASE
)

ABBREVIATIONS = {
    "u.s.",
    "sen.",
    "rep.",
    "del.",
    "asm.",
    "no.",
    "nos.",
    "st.",
    "sec.",
    "secs.",
    "art.",
    "va.",
    "e.g.",
    "i.e.",
    "etc.",
    "jr.",
    "dr.",
    "mr.",
    "ms.",
    "inc.",
    "co.",
    "gov.",
    "stat.",
    "stats.",
    "ch.",
    "c.",
    "md.",
    "cal.",
    "tex.",
    "colo.",
    "crim.",
    "proc.",
    "admin.",
    "bus.",
    "com.",
    "vs.",
    "v.",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "aug.",
    "sept.",
    "sep.",
    "oct.",
    "nov.",
    "dec.",
}


_MISSING = object()  # stands in for a key that a bill file lacks


class Report:
    """Collects errors and warnings, each tied to a file."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"ERROR   {where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"WARNING {where}: {message}")


def count_words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def count_sentences(text: str) -> int:
    """Count sentences, not splitting after common abbreviations or initials."""
    pieces = re.split(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(])", text.strip())
    count = 0
    for i, piece in enumerate(pieces):
        last = piece.split()[-1].lower() if piece.split() else ""
        joins_next = i < len(pieces) - 1 and (
            last in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", last) is not None
        )
        if not joins_next:
            count += 1
    return count


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    n = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(n, 1)


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade level (a rough guide, shown with --stats only)."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if not words:
        return 0.0
    sentences = max(count_sentences(text), 1)
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59


def parse_date(value, where: str, field: str, report: Report, nullable: bool = True):
    if value is None:
        if not nullable:
            report.error(where, f"{field} must be a date, not null")
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        report.error(where, f"{field} must be null or a date written YYYY-MM-DD, got {value!r}")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        report.error(where, f"{field} is not a real calendar date: {value!r}")
        return None


def check_keys(obj, keys: tuple, where: str, field: str, report: Report) -> bool:
    if not isinstance(obj, dict):
        report.error(where, f"{field} must be an object")
        return False
    missing = [k for k in keys if k not in obj]
    extra = [k for k in obj if k not in keys]
    if missing:
        report.error(where, f"{field} is missing {', '.join(missing)}")
    if extra:
        report.error(where, f"{field} has unknown keys {', '.join(extra)}")
    return not missing


def nonempty_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_text(
    value,
    where: str,
    field: str,
    report: Report,
    *,
    required: bool = True,
    hedges: bool = False,
    max_words: int | None = None,
    max_sentences: int | None = None,
) -> None:
    if not isinstance(value, str):
        report.error(where, f"{field} must be a string")
        return
    if required and not value.strip():
        report.error(where, f"{field} must not be empty")
        return
    if value != value.strip() or "  " in value:
        report.error(where, f"{field} has stray spaces")
    for pattern in PROCESS_WORDS:
        match = pattern.search(value)
        if match:
            report.error(
                where, f"{field} speaks of the data gathering ({match.group(0)!r}); describe the bill only"
            )
    if hedges:
        match = HEDGE_WORDS.search(value)
        if match:
            report.error(
                where,
                f"{field} contains the hedge {match.group(0)!r}; move doubts to 'confidence' and 'notes'",
            )
    if max_words is not None and count_words(value) > max_words:
        report.error(where, f"{field} has {count_words(value)} words (at most {max_words})")
    if max_sentences is not None and count_sentences(value) > max_sentences:
        report.error(where, f"{field} has {count_sentences(value)} sentences (at most {max_sentences})")


def load_json(path: Path, report: Report, where: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.error(where, "file not found")
    except UnicodeDecodeError as exc:
        report.error(where, f"not UTF-8 text ({exc})")
    except json.JSONDecodeError as exc:
        report.error(where, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    return None


def load_taxonomy(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    vocab = {}
    for key in ("parties", "categories", "effects", "statuses", "groups"):
        items = data.get(key)
        if not isinstance(items, list) or not all(isinstance(i, dict) and "slug" in i for i in items):
            raise ValueError(f"taxonomy.json: '{key}' must be a list of objects with a slug")
        vocab[key] = [i["slug"] for i in items]
    vocab["category_groups"] = {c["slug"]: c.get("group") for c in data["categories"]}
    for slug, group in vocab["category_groups"].items():
        if group not in vocab["groups"]:
            raise ValueError(f"taxonomy.json: category {slug!r} names unknown group {group!r}")
    return vocab


def check_jurisdictions(path: Path, report: Report) -> dict:
    where = path.name
    data = load_json(path, report, where)
    if data is None:
        return {}
    if not isinstance(data, list):
        report.error(where, "must be a list of jurisdictions")
        return {}
    by_slug: dict[str, dict] = {}
    for i, j in enumerate(data):
        field = f"[{i}]"
        if not check_keys(j, JURISDICTION_KEYS, where, field, report):
            continue
        slug = j["slug"]
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            report.error(where, f"{field}.slug {slug!r} is not a valid slug")
            continue
        if slug in by_slug:
            report.error(where, f"slug {slug!r} is listed twice")
        by_slug[slug] = j
        if not nonempty_str(j["name"]):
            report.error(where, f"{slug}: name must not be empty")
        if j["level"] not in LEVELS:
            report.error(where, f"{slug}: level {j['level']!r} is not one of {', '.join(LEVELS)}")
        if not isinstance(j["abbreviation"], str):
            report.error(where, f"{slug}: abbreviation must be a string ('' if none)")
        if not nonempty_str(j["country"]):
            report.error(where, f"{slug}: country must not be empty")
        if j["parent"] is not None and not isinstance(j["parent"], str):
            report.error(where, f"{slug}: parent must be a slug or null")
    for slug, j in by_slug.items():
        allowed = PARENT_LEVELS.get(j["level"])
        parent = j["parent"]
        if allowed is None:
            if parent is not None:
                report.error(where, f"{slug}: a {j['level']} jurisdiction has no parent, found {parent!r}")
            continue
        if parent is None:
            report.error(where, f"{slug}: a {j['level']} jurisdiction needs a parent")
        elif parent not in by_slug:
            report.error(where, f"{slug}: parent {parent!r} is not listed")
        elif by_slug[parent]["level"] not in allowed:
            report.error(
                where,
                f"{slug}: parent {parent!r} is a {by_slug[parent]['level']}, "
                f"expected {' or '.join(sorted(allowed))}",
            )
        elif by_slug[parent]["country"] != j["country"]:
            report.error(where, f"{slug}: country {j['country']!r} differs from its parent's")
    return by_slug


def check_bill(
    path: Path, bill, vocab: dict, jurisdictions: dict, bill_slugs: set, today: dt.date, report: Report
) -> None:
    where = f"bills/{path.name}"
    if not isinstance(bill, dict):
        report.error(where, "must be a JSON object")
        return
    check_keys(bill, BILL_KEYS, where, "bill", report)
    # Missing keys are reported once above; the checks below skip them.
    bill = {**dict.fromkeys(BILL_KEYS, _MISSING), **bill}

    slug = bill["slug"]
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        report.error(where, f"slug {slug!r} is not a valid slug")
    elif path.stem != slug:
        report.error(where, f"file name does not match slug {slug!r}")
    for field in ("identifier", "title", "session"):
        if bill[field] is not _MISSING:
            check_text(bill[field], where, field, report)
    if bill["short_title"] is not _MISSING:
        check_text(bill["short_title"], where, "short_title", report, required=False)
    if bill["codified_as"] not in (None, _MISSING):
        check_text(bill["codified_as"], where, "codified_as", report)

    # Jurisdiction: must repeat the jurisdictions.json entry exactly.
    j = bill["jurisdiction"]
    if j is not _MISSING and check_keys(j, JURISDICTION_KEYS, where, "jurisdiction", report):
        listed = jurisdictions.get(j["slug"])
        if listed is None:
            report.error(where, f"jurisdiction {j['slug']!r} is not in jurisdictions.json")
        else:
            for key in JURISDICTION_KEYS:
                if j[key] != listed[key]:
                    report.error(
                        where, f"jurisdiction.{key} is {j[key]!r} but jurisdictions.json says {listed[key]!r}"
                    )

    # Status and dates.
    status = bill["status"]
    if status is not _MISSING and status not in vocab["statuses"]:
        report.error(where, f"status {status!r} is not one of {', '.join(vocab['statuses'])}")
    introduced, status_date, effective, expires = (
        None if bill[name] is _MISSING else parse_date(bill[name], where, name, report)
        for name in ("introduced", "status_date", "effective", "expires")
    )
    for name, value in (("introduced", introduced), ("status_date", status_date)):
        if value and value > today:
            report.error(where, f"{name} {value} is in the future")
    if introduced and status_date and status_date < introduced:
        report.error(where, "status_date is before introduced")
    if introduced and effective and effective < introduced:
        report.error(where, "effective is before introduced")
    if effective and expires and expires <= effective:
        report.error(where, "expires is not after effective")
    if status == "enacted" and effective and status_date and effective < status_date:
        report.error(where, "effective is before the enactment date (status_date)")
    if status == "expired":
        if expires is None:
            report.error(where, "an expired law needs its 'expires' date")
        elif status_date and status_date != expires:
            report.error(where, "for an expired law, status_date should equal expires")
    if expires and status != "expired" and expires < today and status == "enacted":
        report.warn(
            where,
            f"expires ({expires}) has passed but status is 'enacted'; "
            "check whether the law lapsed or was extended",
        )
    if status != "expired" and expires and status not in ("enacted", "repealed"):
        report.error(where, f"a bill with status {status!r} cannot have an 'expires' date")
    if status == "enacted" and status_date is None:
        report.warn(where, "enacted, but the date it became law (status_date) is unknown")

    # Sponsors.
    sponsors = bill["sponsors"]
    if sponsors is _MISSING:
        pass
    elif not isinstance(sponsors, list):
        report.error(where, "sponsors must be a list")
    else:
        names = Counter()
        for i, s in enumerate(sponsors):
            field = f"sponsors[{i}]"
            if not check_keys(s, SPONSOR_KEYS, where, field, report):
                continue
            check_text(s["name"], where, f"{field}.name", report)
            names[s["name"]] += 1
            if s["affiliation"] not in AFFILIATIONS:
                report.error(
                    where, f"{field}.affiliation {s['affiliation']!r} must be one of 'D', 'R' or '' (unknown)"
                )
            if s["role"] not in ROLES:
                report.error(where, f"{field}.role {s['role']!r} must be 'primary' or 'cosponsor'")
        for name, n in names.items():
            if n > 1:
                report.error(where, f"sponsor {name!r} is listed {n} times")
        if sponsors and not any(isinstance(s, dict) and s.get("role") == "primary" for s in sponsors):
            report.error(where, "sponsors has no 'primary' sponsor")

    if bill["summary"] is not _MISSING:
        check_text(
            bill["summary"],
            where,
            "summary",
            report,
            hedges=True,
            max_words=MAX_SUMMARY_WORDS,
            max_sentences=MAX_SUMMARY_SENTENCES,
        )
    if bill["notes"] is not _MISSING:
        check_text(bill["notes"], where, "notes", report)

    # Sources.
    sources = bill["sources"]
    if sources is _MISSING:
        pass
    elif not isinstance(sources, list) or not sources:
        report.error(where, "sources must be a non-empty list")
    else:
        urls = Counter()
        for i, s in enumerate(sources):
            field = f"sources[{i}]"
            if not check_keys(s, SOURCE_KEYS, where, field, report):
                continue
            check_text(s["label"], where, f"{field}.label", report)
            if not isinstance(s["url"], str) or not URL_RE.match(s["url"]):
                report.error(where, f"{field}.url {s['url']!r} is not an http(s) address")
            urls[s["url"]] += 1
        for url, n in urls.items():
            if n > 1:
                report.error(where, f"source {url} is listed {n} times")

    # Actions.
    actions = bill["actions"]
    if actions is _MISSING:
        pass
    elif not isinstance(actions, list):
        report.error(where, "actions must be a list")
    else:
        previous = None
        for i, a in enumerate(actions):
            field = f"actions[{i}]"
            if not check_keys(a, ACTION_KEYS, where, field, report):
                continue
            date = parse_date(a["date"], where, f"{field}.date", report, nullable=False)
            if a["actor"] not in ACTORS:
                report.error(
                    where,
                    f"{field}.actor {a['actor']!r} is not one of: " + ", ".join(repr(x) for x in ACTORS),
                )
            check_text(a["description"], where, f"{field}.description", report)
            if date and previous and date < previous:
                report.error(where, f"{field} ({date}) is out of date order")
            previous = date or previous

    # Related bills.
    related = bill["related"]
    if related is _MISSING:
        pass
    elif not isinstance(related, list):
        report.error(where, "related must be a list")
    else:
        for i, r in enumerate(related):
            field = f"related[{i}]"
            if not check_keys(r, RELATED_KEYS, where, field, report):
                continue
            check_text(r["identifier"], where, f"{field}.identifier", report)
            check_text(r["note"], where, f"{field}.note", report, required=False)
            if r["relation"] not in INVERSE_RELATION:
                report.error(
                    where, f"{field}.relation {r['relation']!r} is not one of " + ", ".join(INVERSE_RELATION)
                )
            target = r["slug"]
            if target is not None:
                if target == slug:
                    report.error(where, f"{field} points at the bill itself")
                elif target not in bill_slugs:
                    report.error(where, f"{field}.slug {target!r} has no file in bills/")

    # Provisions.
    provisions = bill["provisions"]
    if provisions is _MISSING:
        return
    if not isinstance(provisions, list) or not provisions:
        report.error(where, "provisions must be a non-empty list")
        return
    seen = Counter()
    for i, p in enumerate(provisions):
        field = f"provisions[{i}]"
        if not check_keys(p, PROVISION_KEYS, where, field, report):
            continue
        if p["category"] not in vocab["categories"]:
            report.error(where, f"{field}.category {p['category']!r} is not a category in taxonomy.json")
        if p["effect"] not in vocab["effects"]:
            report.error(where, f"{field}.effect {p['effect']!r} is not an effect in taxonomy.json")
        required = REQUIRED_EFFECTS.get(p["category"])
        if required and p["effect"] not in required:
            report.error(
                where,
                f"{field}: {p['category']} provisions use the effect "
                f"{' or '.join(sorted(required))}, not {p['effect']!r}",
            )
        parties = p["parties"]
        if not isinstance(parties, list) or not parties:
            report.error(where, f"{field}.parties must be a non-empty list")
        else:
            for party in parties:
                if party not in vocab["parties"]:
                    report.error(where, f"{field}.parties has unknown party {party!r}")
            if len(set(map(str, parties))) != len(parties):
                report.error(where, f"{field}.parties lists a party twice")
        section = p["section"]
        if not isinstance(section, str):
            report.error(where, f"{field}.section must be a string ('' if unknown)")
        else:
            match = SECTION_QUALIFIERS.search(section)
            if match:
                report.error(
                    where,
                    f"{field}.section {section!r} holds a qualifier "
                    f"({match.group(0).strip()!r}); keep it a clean citation",
                )
            check_text(section, where, f"{field}.section", report, required=False)
        check_text(
            p["plain"],
            where,
            f"{field}.plain",
            report,
            hedges=True,
            max_words=MAX_PLAIN_WORDS,
            max_sentences=MAX_PLAIN_SENTENCES,
        )
        check_text(p["detail"], where, f"{field}.detail", report, required=False, max_words=MAX_DETAIL_WORDS)
        if p["confidence"] not in CONFIDENCE:
            report.error(
                where, f"{field}.confidence {p['confidence']!r} must be one of " + ", ".join(CONFIDENCE)
            )
        key = (p["category"], p["effect"], p["plain"])
        seen[key] += 1
        if seen[key] == 2:
            report.error(where, f"{field} repeats an earlier provision")


def check_related_links(bills: dict, report: Report) -> None:
    """Links between two bill files must be stated on both sides, with inverse relations."""
    for slug, bill in bills.items():
        for i, r in enumerate(bill.get("related") or []):
            if not isinstance(r, dict) or r.get("slug") not in bills or r.get("slug") == slug:
                continue
            target = bills[r["slug"]]
            where = f"bills/{slug}.json"
            ident = target.get("identifier", "")
            if isinstance(ident, str) and not str(r.get("identifier", "")).startswith(ident):
                report.error(
                    where,
                    f"related[{i}].identifier {r.get('identifier')!r} should start "
                    f"with {r['slug']}'s identifier {ident!r}",
                )
            inverse = INVERSE_RELATION.get(r.get("relation"))
            back = [x for x in target.get("related") or [] if isinstance(x, dict) and x.get("slug") == slug]
            if inverse and not any(x.get("relation") == inverse for x in back):
                report.error(
                    where,
                    f"related[{i}] says {r.get('relation')} {r['slug']}, but "
                    f"{r['slug']} has no '{inverse}' entry pointing back",
                )


def print_stats(bills: dict, vocab: dict) -> None:
    by_category = Counter()
    by_effect = Counter()
    by_confidence = Counter()
    by_status = Counter()
    grades = []
    for bill in bills.values():
        by_status[bill.get("status")] += 1
        texts = [bill.get("summary", "")]
        for p in bill.get("provisions") or []:
            by_category[p.get("category")] += 1
            by_effect[p.get("effect")] += 1
            by_confidence[p.get("confidence")] += 1
            texts.append(p.get("plain", ""))
        grades.append((grade_level(" ".join(t for t in texts if isinstance(t, str))), bill.get("slug")))
    total = sum(by_category.values())
    print(f"\n{len(bills)} bills, {total} provisions")
    print("\nProvisions per category:")
    for group in vocab["groups"]:
        print(f"  [{group}]")
        for cat in vocab["categories"]:
            if vocab["category_groups"][cat] == group:
                print(f"    {cat:26} {by_category.get(cat, 0):3}")
    print("\nProvisions per effect:  " + ", ".join(f"{e} {by_effect.get(e, 0)}" for e in vocab["effects"]))
    print("Provisions per confidence:  " + ", ".join(f"{c} {by_confidence.get(c, 0)}" for c in CONFIDENCE))
    print(
        "Bills per status:  "
        + ", ".join(f"{s} {by_status[s]}" for s in vocab["statuses"] if by_status.get(s))
    )
    grades.sort(reverse=True)
    mean = sum(g for g, _ in grades) / len(grades) if grades else 0
    print(
        f"\nReading level of summaries and plain texts (Flesch-Kincaid grade, rough): "
        f"mean {mean:.1f}; hardest: " + ", ".join(f"{s} {g:.1f}" for g, s in grades[:3])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder holding taxonomy.json, jurisdictions.json and bills/ (default: this script's folder)",
    )
    parser.add_argument(
        "--stats", action="store_true", help="also print provision counts per category, effect and confidence"
    )
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir

    try:
        vocab = load_taxonomy(data_dir / "taxonomy.json")
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        print(f"cannot use {data_dir / 'taxonomy.json'}: {exc}", file=sys.stderr)
        return 2
    bills_dir = data_dir / "bills"
    if not bills_dir.is_dir():
        print(f"no bills/ folder in {data_dir}", file=sys.stderr)
        return 2

    report = Report()
    jurisdictions = check_jurisdictions(data_dir / "jurisdictions.json", report)

    paths = sorted(bills_dir.iterdir())
    for p in paths:
        if p.suffix != ".json" or not p.is_file():
            report.error(f"bills/{p.name}", "unexpected file; bills/ holds only <slug>.json files")
    json_paths = [p for p in paths if p.suffix == ".json" and p.is_file()]
    if not json_paths:
        report.error("bills/", "no bill files found")
    loaded = {}
    for p in json_paths:
        data = load_json(p, report, f"bills/{p.name}")
        if data is not None:
            loaded[p] = data
    bill_slugs = {p.stem for p in json_paths}
    today = dt.date.today()
    for p, bill in loaded.items():
        check_bill(p, bill, vocab, jurisdictions, bill_slugs, today, report)
    bills = {p.stem: b for p, b in loaded.items() if isinstance(b, dict)}
    check_related_links(bills, report)

    used = {
        b["jurisdiction"]["slug"]
        for b in bills.values()
        if isinstance(b.get("jurisdiction"), dict) and "slug" in b["jurisdiction"]
    }
    needed = set(used)
    for slug in list(used):
        while slug in jurisdictions and jurisdictions[slug]["parent"]:
            slug = jurisdictions[slug]["parent"]
            needed.add(slug)
    for slug in sorted(set(jurisdictions) - needed):
        report.warn("jurisdictions.json", f"{slug!r} is not used by any bill or as a parent")

    for line in report.warnings + report.errors:
        print(line)
    if args.stats:
        print_stats(bills, vocab)
    n_prov = sum(len(b.get("provisions") or []) for b in bills.values())
    print(
        f"\nChecked {len(json_paths)} bill files ({n_prov} provisions) and "
        f"{len(jurisdictions)} jurisdictions: {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s)."
    )
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
