"""The reference lists (parties, category groups, categories, jurisdictions), loaded from bills/data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from . import vocabulary
from .bill_files import DATA_DIR, BillDataError
from .models import Category, CategoryGroup, Jurisdiction, Party

TAXONOMY_FILE = DATA_DIR / "taxonomy.json"
JURISDICTIONS_FILE = DATA_DIR / "jurisdictions.json"
# ISO 3166 two-letter codes, and EU for the European Union.
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


@dataclass
class ReferenceCounts:
    """How many reference rows a load created and changed."""

    created: int = 0
    updated: int = 0


def _upsert(model, slug: str, values: dict, counts: ReferenceCounts, update: bool):
    """Create the row if missing; with ``update``, bring it in line with the file. Count real changes."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        counts.created += 1
        return model.objects.create(slug=slug, **values)
    if not update:
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts.updated += 1
    return obj


def _load_parties(taxonomy: dict, counts: ReferenceCounts, update: bool) -> None:
    for order, party in enumerate(taxonomy["parties"], start=1):
        values = {
            "name": party["name"],
            "description": party["description"],
            "plain": party["plain"],
            "display_order": order,
        }
        _upsert(Party, party["slug"], values, counts, update)


def _load_categories(taxonomy: dict, counts: ReferenceCounts, update: bool) -> None:
    groups = {}
    for group in taxonomy["groups"]:
        values = {"name": group["name"], "display_order": group["order"]}
        groups[group["slug"]] = _upsert(CategoryGroup, group["slug"], values, counts, update)
    for order, category in enumerate(taxonomy["categories"], start=1):
        values = {
            "name": category["name"],
            "group": groups[category["group"]],
            "description": category["description"],
            "plain": category["plain"],
            "display_order": order,
        }
        _upsert(Category, category["slug"], values, counts, update)


def check_jurisdictions(places: list[dict], path: Path) -> None:
    """Refuse a level, country or parent the site cannot show, naming the file, place and field."""
    problems, listed = [], set()
    for place in places:
        where = f"{path.name}: jurisdiction {place['slug']}"
        if place["level"] not in vocabulary.LEVELS:
            expected = ", ".join(sorted(vocabulary.LEVELS))
            problems.append(f"{where}: level: unknown value {place['level']!r}; expected one of: {expected}")
        if not isinstance(place["country"], str) or not COUNTRY_CODE.fullmatch(place["country"]):
            problems.append(f"{where}: country: {place['country']!r} is not a two-letter code")
        if place["parent"] and place["parent"] not in listed:
            problems.append(f"{where}: parent: {place['parent']!r} is not listed before it")
        listed.add(place["slug"])
    if problems:
        raise BillDataError(problems)


def _load_jurisdictions(places: list[dict], counts: ReferenceCounts, update: bool) -> None:
    # The file lists parents before children, ordered international → city.
    by_slug: dict[str, Jurisdiction] = {}
    for order, place in enumerate(places, start=1):
        values = {
            "name": place["name"],
            "level": place["level"],
            "abbreviation": place["abbreviation"],
            "country": place["country"],
            "parent": by_slug[place["parent"]] if place["parent"] else None,
            "display_order": order,
        }
        by_slug[place["slug"]] = _upsert(Jurisdiction, place["slug"], values, counts, update)


@transaction.atomic
def load_reference_data(
    taxonomy_path: Path = TAXONOMY_FILE,
    jurisdictions_path: Path = JURISDICTIONS_FILE,
    *,
    update: bool = False,
) -> ReferenceCounts:
    """Add missing parties, groups, categories and jurisdictions; ``update`` also refreshes existing ones.

    Without ``update`` a staff edit to a party's or category's wording survives every load. Every
    jurisdiction in the file is loaded, whether or not a bill belongs to it.
    """
    taxonomy = json.loads(taxonomy_path.read_text(encoding="utf-8"))
    places = json.loads(jurisdictions_path.read_text(encoding="utf-8"))
    check_jurisdictions(places, jurisdictions_path)
    counts = ReferenceCounts()
    _load_parties(taxonomy, counts, update)
    _load_categories(taxonomy, counts, update)
    _load_jurisdictions(places, counts, update)
    return counts
