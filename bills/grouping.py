"""Arrange fetched provisions for reading: by the party that must comply, by effect, by category."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Category, Effect, Party, Provision
from .presentation import EFFECT_HEADINGS

EFFECT_ORDER = {effect: index for index, effect in enumerate(Effect.values)}


@dataclass
class PartyProvisions:
    """Everything a bill asks of one party."""

    party: Party
    provisions: list[Provision] = field(default_factory=list)
    # Parallel to provisions: True where the provision first appears on the page, so it gets the anchor.
    anchors: list[bool] = field(default_factory=list)

    @property
    def entries(self) -> list[tuple[Provision, bool]]:
        return list(zip(self.provisions, self.anchors, strict=True))


def provisions_by_party(provisions: Iterable[Provision]) -> list[PartyProvisions]:
    """Group provisions under each party they govern (one may stand under several), parties in order."""
    groups: dict[int, PartyProvisions] = {}
    for provision in provisions:
        for party in provision.parties.all():
            groups.setdefault(party.pk, PartyProvisions(party)).provisions.append(provision)
    ordered = sorted(groups.values(), key=lambda g: (g.party.display_order, g.party.name))
    anchored: set[int] = set()
    for group in ordered:
        for provision in group.provisions:
            group.anchors.append(provision.pk not in anchored)
            anchored.add(provision.pk)
    return ordered


@dataclass
class EffectGroup:
    """On a category (topic) page: the provisions with one effect."""

    effect: str
    heading: str
    provisions: list[Provision]
    # How many there are in all; ``provisions`` may be only the first few (ProvisionQuerySet.summarised_by).
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.provisions)

    @property
    def label(self) -> str:
        return Effect(self.effect).label


def provisions_by_effect(provisions: Iterable[Provision]) -> list[EffectGroup]:
    """Group provisions by effect in the fixed effect order (requires, prohibits, limits …)."""
    groups: dict[str, list[Provision]] = {}
    for provision in provisions:
        groups.setdefault(provision.effect, []).append(provision)
    return [
        EffectGroup(effect, EFFECT_HEADINGS[Effect(effect)], items, group_size(items))
        for effect, items in sorted(groups.items(), key=lambda item: EFFECT_ORDER.get(item[0], 99))
    ]


@dataclass
class CategoryProvisions:
    """On a "who's affected" page: the provisions in one category."""

    category: Category
    provisions: list[Provision]
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.provisions)


def provisions_by_category(provisions: Iterable[Provision]) -> list[CategoryProvisions]:
    """Group provisions already ordered by category into consecutive runs."""
    groups: list[CategoryProvisions] = []
    for provision in provisions:
        if not groups or groups[-1].category.pk != provision.category_id:
            groups.append(CategoryProvisions(provision.category, []))
        groups[-1].provisions.append(provision)
    for group in groups:
        group.count = group_size(group.provisions)
    return groups


def group_size(provisions: list[Provision]) -> int:
    """How many provisions a group holds in all: ``group_size`` from a summary, else those given."""
    return getattr(provisions[0], "group_size", len(provisions)) if provisions else 0
