"""What applies in a place: its own laws stacked with those of every level above it, and the map of states.

Everything here arranges rows already fetched; the views fetch them in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .links import bill_list_url
from .models import IN_FORCE, PENDING, Bill, Effect, Jurisdiction

# Deep enough for every chain the data holds: city → state → nation (a member state → the EU).
PARENT_DEPTH = 4
PARENT_PATH = "__".join(["parent"] * PARENT_DEPTH)


def parent_chain(place: Jurisdiction) -> list[Jurisdiction]:
    """The place, then each place above it, nearest first (parents must be select_related)."""
    chain = [place]
    while chain[-1].parent_id is not None and len(chain) <= PARENT_DEPTH:
        chain.append(chain[-1].parent)
    return chain


# How many laws, and how many pending bills, a place page lists for each level before "see all".
BILLS_PER_LEVEL = 10


@dataclass
class PlaceLevel:
    """One level of law that applies in a place: its first laws in force (or all bills) and pending bills."""

    place: Jurisdiction
    own: bool
    laws: list[Bill] = field(default_factory=list)
    pending: list[Bill] = field(default_factory=list)
    law_count: int = 0
    pending_count: int = 0
    # Bills left out of ``laws``: failed, ended, or not yet in force on the day.
    hidden: int = 0
    # The bill list filtered to this place: all its laws, all its pending bills.
    laws_url: str = ""
    pending_url: str = ""

    @property
    def more_laws(self) -> int:
        return self.law_count - len(self.laws)

    @property
    def more_pending(self) -> int:
        return self.pending_count - len(self.pending)


def stack_by_level(
    chain: list[Jurisdiction], ranked: Iterable[tuple], bills: Iterable[Bill], *, on, show_all: bool
) -> list[PlaceLevel]:
    """One section per level, nearest first: the counts from ``ranked`` (BillQuerySet.for_place's
    ``first_of_each`` rows) and the listed ``bills`` (those rows, fetched), newest first."""
    levels = {place.pk: PlaceLevel(place, own=index == 0) for index, place in enumerate(chain)}
    sections: dict[int, str] = {}
    for pk, size, place_id, section in ranked:
        level, sections[pk] = levels[place_id], section
        if section == "laws":
            level.law_count = size
        elif section == "pending":
            level.pending_count = size
        else:
            level.hidden = size
    for bill in bills:
        level = levels[bill.jurisdiction_id]
        (level.pending if sections[bill.pk] == "pending" else level.laws).append(bill)
    for level in levels.values():
        slug = level.place.slug
        status = "" if show_all else IN_FORCE
        level.laws_url = bill_list_url(jurisdiction=slug, status=status, on=on)
        level.pending_url = bill_list_url(jurisdiction=slug, status=PENDING)
    return list(levels.values())


# The state map: one equal square per state (and DC) in its rough place, so small states are as easy
# to see and tap as large ones. (row, column) on a grid 8 rows by 12 columns.
TILES = {
    "AK": (0, 0), "ME": (0, 11),
    "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 1), "ID": (2, 2), "MT": (2, 3), "ND": (2, 4), "MN": (2, 5), "IL": (2, 6), "WI": (2, 7),
    "MI": (2, 8), "NY": (2, 9), "RI": (2, 10), "MA": (2, 11),
    "OR": (3, 1), "NV": (3, 2), "WY": (3, 3), "SD": (3, 4), "IA": (3, 5), "IN": (3, 6), "OH": (3, 7),
    "PA": (3, 8), "NJ": (3, 9), "CT": (3, 10),
    "CA": (4, 1), "UT": (4, 2), "CO": (4, 3), "NE": (4, 4), "MO": (4, 5), "KY": (4, 6), "WV": (4, 7),
    "VA": (4, 8), "MD": (4, 9), "DE": (4, 10),
    "AZ": (5, 2), "NM": (5, 3), "KS": (5, 4), "AR": (5, 5), "TN": (5, 6), "NC": (5, 7), "SC": (5, 8),
    "DC": (5, 9),
    "OK": (6, 4), "LA": (6, 5), "MS": (6, 6), "AL": (6, 7), "GA": (6, 8),
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9),
}  # fmt: skip
TILE_SIZE = 50
MAP_COLUMNS, MAP_ROWS = 12, 8

# The strongest kind of state law in force, strongest first; a category puts a law in its tier.
TIERS = [
    ("ban", "A ban or moratorium", {"ban", "moratorium"}),
    ("limits", "A warrant rule or limits on use", {"warrant", "permitted-purposes", "prohibited-uses"}),
    ("oversight", "Oversight and reporting only", None),
    ("none", "No state law recorded", set()),
]
TIER_LABELS = {slug: label for slug, label, _ in TIERS}
# A provision that only permits or exempts does not make a state's law stronger.
BINDING_EFFECTS = {Effect.REQUIRES, Effect.PROHIBITS, Effect.LIMITS, Effect.GRANTS}


def tier_of(categories: set[str]) -> str:
    """The strongest tier the categories of a state's binding provisions reach."""
    for slug, _label, members in TIERS:
        if members is None and categories:
            return slug
        if members and categories & members:
            return slug
    return "none"


@dataclass(frozen=True)
class MapTile:
    """One state on the map: where it sits, how it is shaded, and whether it has local laws."""

    state: Jurisdiction
    tier: str
    has_local_laws: bool

    @property
    def x(self) -> int:
        return TILES[self.state.abbreviation][1] * TILE_SIZE

    @property
    def y(self) -> int:
        return TILES[self.state.abbreviation][0] * TILE_SIZE

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]


def map_tiles(
    states: Iterable[Jurisdiction], categories_by_state: dict[int, set[str]], states_with_local_laws: set[int]
) -> list[MapTile]:
    """The tiles of every state the grid places, in map order (top to bottom, left to right)."""
    tiles = [
        MapTile(state, tier_of(categories_by_state.get(state.pk, set())), state.pk in states_with_local_laws)
        for state in states
        if state.abbreviation in TILES
    ]
    return sorted(tiles, key=lambda tile: TILES[tile.state.abbreviation])
