"""The reference lists (parties, category groups, categories, jurisdictions), loaded from bills/data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
TAXONOMY_FILE = DATA_DIR / "taxonomy.json"
JURISDICTIONS_FILE = DATA_DIR / "jurisdictions.json"


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


@transaction.atomic
def load_reference_data(
    taxonomy_path: Path = TAXONOMY_FILE,
    jurisdictions_path: Path = JURISDICTIONS_FILE,
    *,
    update: bool = False,
) -> ReferenceCounts:
    """Add missing parties, groups, categories and jurisdictions; ``update`` also refreshes existing ones.

    Without ``update`` a staff edit to a party's or category's wording survives every load.
    """
    from .models import Category, CategoryGroup, Jurisdiction, Party

    taxonomy = json.loads(taxonomy_path.read_text(encoding="utf-8"))
    jurisdictions = json.loads(jurisdictions_path.read_text(encoding="utf-8"))
    counts = ReferenceCounts()

    for order, party in enumerate(taxonomy["parties"], start=1):
        values = {
            "name": party["name"],
            "description": party["description"],
            "plain": party["plain"],
            "display_order": order,
        }
        _upsert(Party, party["slug"], values, counts, update)

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

    # The file lists parents before children, ordered international → city.
    by_slug: dict[str, Jurisdiction] = {}
    for order, place in enumerate(jurisdictions, start=1):
        values = {
            "name": place["name"],
            "level": place["level"],
            "abbreviation": place["abbreviation"],
            "country": place["country"],
            "parent": by_slug[place["parent"]] if place["parent"] else None,
            "display_order": order,
        }
        by_slug[place["slug"]] = _upsert(Jurisdiction, place["slug"], values, counts, update)
    return counts
