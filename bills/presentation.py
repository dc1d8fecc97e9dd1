"""Words the pages show for a value: badge texts, the effect legend, topic-page headings, standings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Effect, Standing, StandingOn, Status

EFFECT_PLAIN = {
    Effect.REQUIRES: "Something they must do.",
    Effect.PROHIBITS: "Something they must not do.",
    Effect.LIMITS: "Allowed only under conditions.",
    Effect.PERMITS: "Expressly allowed.",
    Effect.EXEMPTS: "Left outside the rules.",
    Effect.GRANTS: "A right given to people.",
}

# How a category (topic) page introduces each group of bills, by effect.
EFFECT_HEADINGS = {
    Effect.REQUIRES: "These bills require it",
    Effect.PROHIBITS: "These bills prohibit it",
    Effect.LIMITS: "These bills allow it only under conditions",
    Effect.PERMITS: "These bills expressly allow it",
    Effect.EXEMPTS: "These bills leave some cases outside the rules",
    Effect.GRANTS: "These bills give people a right",
}


@dataclass(frozen=True)
class LegendEntry:
    """One effect as the badge key shows it."""

    value: str
    label: str
    plain: str


EFFECT_LEGEND = tuple(LegendEntry(effect.value, effect.label, EFFECT_PLAIN[effect]) for effect in Effect)


def long_date(day: datetime.date) -> str:
    """ "1 July 2021": the date as the pages write it (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def standing_text(standing: StandingOn) -> str:
    """A bill's standing in words, always with a year: "In force since 1 July 2021", "Failed (2020)"."""
    kind, since = standing.kind, standing.since
    year = f" ({standing.year})" if standing.year else ""
    if kind == Standing.IN_FORCE:
        return f"In force since {long_date(since)}" if since else f"In force (law since {standing.year})"
    if kind == Standing.NOT_YET_IN_FORCE:
        if since:
            return f"Enacted, takes effect {long_date(since)}"
        return f"Enacted{year}; the day it took effect is not recorded"
    if kind == Standing.NOT_YET_LAW:
        return f"Not yet law; it became law on {long_date(since)}"
    if kind == Standing.ENDED:
        return _ended_text(standing, year)
    status = Status(standing.status).label
    if kind == Standing.DEAD:
        return f"{status} ({since.year})" if since else f"{status}{year}"
    return f"{status} since {long_date(since)}" if since else f"{status}{year}"


def _ended_text(standing: StandingOn, year: str) -> str:
    if standing.sunset:
        return f"Ended {long_date(standing.until)} (sunset)"
    verb = "Repealed" if standing.status == Status.REPEALED else "Ended"
    return f"{verb} {long_date(standing.until)}" if standing.until else f"{verb}{year}"
