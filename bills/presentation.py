"""Words and keys the pages show for a value: badge texts, the effect legend, topic-page headings."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Effect

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
