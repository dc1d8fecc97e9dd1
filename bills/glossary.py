"""The glossary at /glossary/: every word a reader meets, in one or two plain sentences, each with an anchor.

Statuses, standings and effects are fixed lists kept here; topics and parties come from the
database, in their own plain words, so the glossary never disagrees with their pages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse

from .models import Category, Effect, Party, Standing, Status


@dataclass(frozen=True)
class Entry:
    """One term: its anchor on the page, the word itself, what it means, and a page to see it on."""

    anchor: str
    term: str
    text: str
    link: str = ""


@dataclass(frozen=True)
class Section:
    """A heading of the glossary and its terms, in reading order."""

    anchor: str
    title: str
    entries: tuple[Entry, ...]


def anchor(kind: str, value: str) -> str:
    """The id of a term's entry: "effect-requires", "status-enacted", "topic-warrant", or "sunset"."""
    return f"{kind}-{value}" if kind else value


def glossary_url(kind: str, value: str) -> str:
    """The address of a term's entry on the glossary page (one reverse() per prefix: badges ask often)."""
    return f"{glossary_page(get_script_prefix(), get_urlconf())}#{anchor(kind, value)}"


@functools.cache
def glossary_page(prefix: str, urlconf) -> str:
    return reverse("bills:glossary", urlconf=urlconf)


WORDS = (
    (
        "accountability-report",
        "Accountability report",
        "A public report an agency writes about a face recognition tool it wants to use. It says what"
        " the tool does, how it will be used, and how people are protected.",
    ),
    (
        "codified",
        "Codified",
        "Written into the official collection of a place’s laws, called its code. “Codified as” tells"
        " you the title and section where you can find it.",
    ),
    (
        "confidence",
        "Confidence",
        "How sure we are that we describe a rule correctly. High means we read it in the law’s text; "
        "medium, that an official summary or several trusted sources say so. Low means one secondary "
        "source says so, and we have not checked it yet.",
    ),
    (
        "coverage",
        "Coverage",
        "How much of a law we have read and recorded. Complete means we read all of it. Partial means"
        " we read only part of it or summaries, so it may have rules we have not listed.",
    ),
    (
        "effective-date",
        "Effective date",
        "The day a law starts to apply. It can be months after the day it became law.",
    ),
    (
        "moratorium",
        "Moratorium",
        "A pause. Using face recognition is not allowed for now, until a set date or until lawmakers "
        "decide again.",
    ),
    (
        "not-addressed",
        "Not addressed",
        "We read the whole law, and it has no rule on that topic.",
    ),
    (
        "not-recorded",
        "Not recorded",
        "We read only part of the law, and found no rule on that topic. The law may still have one.",
    ),
    (
        "preemption",
        "Preemption",
        "When a higher level of government, like a state, stops lower ones, like cities, from making "
        "their own rules on the same thing.",
    ),
    (
        "private-right-of-action",
        "Private right of action",
        "The right of a person who was harmed to take the case to court themselves. They do not have "
        "to wait for the government to act.",
    ),
    (
        "probable-cause",
        "Probable cause",
        "A good reason, based on facts, to believe a crime happened and that a search will find "
        "proof. A judge checks for it before giving a warrant.",
    ),
    (
        "session",
        "Session",
        "The time when lawmakers meet, often one or two years. A bill that has not passed when the "
        "session ends usually dies.",
    ),
    (
        "sunset",
        "Sunset",
        "A date written into a law when the law, or part of it, ends. Lawmakers can pass a new law to"
        " keep it going.",
    ),
    (
        "warrant",
        "Warrant",
        "Written permission from a judge to search for something. Police must first show the judge "
        "good reasons.",
    ),
)

STATUS_TEXT = {
    Status.INTRODUCED: "A lawmaker has put the bill forward. Nothing has been decided yet.",
    Status.IN_COMMITTEE: (
        "A small group of lawmakers, called a committee, is studying the bill. It decides if the bill"
        " goes on to a vote."
    ),
    Status.PASSED_ONE_CHAMBER: (
        "One part of the legislature, such as the Senate, voted for the bill. The other part has not yet."
    ),
    Status.PASSED_LEGISLATURE: (
        "Lawmakers voted for the bill. It still needs a last step, such as the governor’s signature."
    ),
    Status.ENACTED: "The bill became law. It may start to apply later, on its effective date.",
    Status.VETOED: (
        "Lawmakers passed the bill, but the governor, mayor or other leader turned it down. So it did"
        " not become law."
    ),
    Status.FAILED: "The bill did not pass. A vote went against it, or time ran out.",
    Status.EXPIRED: "It was law once, but it has ended, often on a sunset date written into it.",
    Status.REPEALED: "It was law once, but lawmakers later cancelled it.",
}

STANDING_TEXT = {
    Standing.IN_FORCE: "The law applies on the day shown: it has started and has not ended.",
    Standing.NOT_YET_IN_FORCE: (
        "The bill became law, but it does not apply yet. It starts on its effective date."
    ),
    Standing.NOT_YET_LAW: "On the day you chose, the bill was not law yet. It became law later.",
    Standing.ENDED: (
        "The law applied once, but it has stopped: it reached its sunset, expired or was repealed."
    ),
    Standing.PENDING: "Lawmakers are still working on the bill. It has not passed or failed yet.",
    Standing.DEAD: "The bill will not become law: it failed or was turned down.",
}

EFFECT_TEXT = {
    Effect.REQUIRES: "The rule says they must do something, such as get a warrant or write a report.",
    Effect.PROHIBITS: "The rule says they must not do something.",
    Effect.LIMITS: "They may do it, but only under conditions the rule sets.",
    Effect.PERMITS: "The rule says plainly that they may do it.",
    Effect.EXEMPTS: "The rule leaves some people or cases outside the other rules.",
    Effect.GRANTS: "The rule gives people a right, such as to see their data or to sue.",
}


def _fixed(kind: str, choices, texts: dict) -> tuple[Entry, ...]:
    return tuple(Entry(anchor(kind, choice.value), choice.label, texts[choice]) for choice in choices)


def glossary_sections(categories: Iterable[Category], parties: Iterable[Party]) -> list[Section]:
    """The whole glossary: general words, then statuses, standings, effects, topics and parties."""
    words = tuple(Entry(anchor("", slug), term, text) for slug, term, text in WORDS)
    topics = tuple(Entry(anchor("topic", c.slug), c.name, c.plain, c.get_absolute_url()) for c in categories)
    affected = tuple(Entry(anchor("party", p.slug), p.name, p.plain, p.get_absolute_url()) for p in parties)
    return [
        Section("words", "Words used in laws and on this site", words),
        Section("statuses", "Where a bill is in the process", _fixed("status", Status, STATUS_TEXT)),
        Section("standings", "Whether a law applies on a day", _fixed("standing", Standing, STANDING_TEXT)),
        Section("effects", "What a rule does", _fixed("effect", Effect, EFFECT_TEXT)),
        Section("topics", "Topics", topics),
        Section("parties", "Who is affected", affected),
    ]
