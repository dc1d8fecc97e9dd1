"""Arrange a bill's provisions for reading: by the party that must comply, by effect, by category."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Bill, Category, Effect, Party, Provision, RelatedBill

EFFECT_ORDER = {effect: index for index, effect in enumerate(Effect.values)}

# How a topic page introduces each group of bills, by effect.
EFFECT_HEADINGS = {
    Effect.REQUIRES: "These bills require it",
    Effect.PROHIBITS: "These bills prohibit it",
    Effect.LIMITS: "These bills allow it only under conditions",
    Effect.PERMITS: "These bills expressly allow it",
    Effect.EXEMPTS: "These bills leave some cases outside the rules",
    Effect.GRANTS: "These bills give people a right",
}


@dataclass
class PartyObligations:
    """Everything a bill asks of one party."""

    party: Party
    provisions: list[Provision] = field(default_factory=list)
    # Parallel to provisions: True where the provision first appears on the page, so it gets the anchor.
    anchors: list[bool] = field(default_factory=list)

    @property
    def entries(self) -> list[tuple[Provision, bool]]:
        return list(zip(self.provisions, self.anchors, strict=True))


def obligations_by_party(provisions: Iterable[Provision]) -> list[PartyObligations]:
    """Group provisions under each party they govern (one may stand under several), parties in order."""
    groups: dict[int, PartyObligations] = {}
    for provision in provisions:
        for party in provision.parties.all():
            groups.setdefault(party.pk, PartyObligations(party)).provisions.append(provision)
    ordered = sorted(groups.values(), key=lambda g: (g.party.display_order, g.party.name))
    anchored: set[int] = set()
    for group in ordered:
        for provision in group.provisions:
            group.anchors.append(provision.pk not in anchored)
            anchored.add(provision.pk)
    return ordered


@dataclass
class EffectGroup:
    """On a topic page: the provisions with one effect."""

    effect: str
    heading: str
    provisions: list[Provision]

    @property
    def label(self) -> str:
        return Effect(self.effect).label


def provisions_by_effect(provisions: Iterable[Provision]) -> list[EffectGroup]:
    """Group provisions by effect in the fixed effect order (requires, prohibits, limits …)."""
    groups: dict[str, list[Provision]] = {}
    for provision in provisions:
        groups.setdefault(provision.effect, []).append(provision)
    return [
        EffectGroup(effect, EFFECT_HEADINGS[Effect(effect)], items)
        for effect, items in sorted(groups.items(), key=lambda item: EFFECT_ORDER.get(item[0], 99))
    ]


@dataclass
class CategoryObligations:
    """On a "who's affected" page: the provisions in one category."""

    category: Category
    provisions: list[Provision]


def provisions_by_category(provisions: Iterable[Provision]) -> list[CategoryObligations]:
    """Group provisions already ordered by category into consecutive runs."""
    groups: list[CategoryObligations] = []
    for provision in provisions:
        if not groups or groups[-1].category.pk != provision.category_id:
            groups.append(CategoryObligations(provision.category, []))
        groups[-1].provisions.append(provision)
    return groups


@dataclass(frozen=True)
class RelatedLink:
    """A related bill as the bill page shows it: "Amended by Virginia SB 741", linked when we hold it."""

    relation_label: str
    identifier: str
    other_bill: Bill | None
    note: str


def related_links(bill: Bill, *, include_unpublished: bool = False) -> list[RelatedLink]:
    """The links the bill states, plus the inverse of links other bills state about it, without repeats."""
    links: list[RelatedLink] = []
    seen: set[tuple[int, str]] = set()

    def visible(other: Bill | None) -> Bill | None:
        if other is None or other.is_published or include_unpublished:
            return other
        return None

    for link in bill.related_links.all():
        other = visible(link.other_bill)
        label = link.identifier if other is None else f"{other.jurisdiction.name} {other.identifier}"
        links.append(RelatedLink(link.get_relation_display(), label, other, link.note))
        if link.other_bill_id:
            seen.add((link.other_bill_id, link.relation))
    for link in bill.incoming_links.all():
        inverse = RelatedBill.INVERSE[RelatedBill.Relation(link.relation)]
        if (link.bill_id, inverse) in seen or visible(link.bill) is None:
            continue
        other = link.bill
        label = RelatedBill.Relation(inverse).label
        links.append(RelatedLink(label, f"{other.jurisdiction.name} {other.identifier}", other, ""))
        seen.add((link.bill_id, inverse))
    return links
