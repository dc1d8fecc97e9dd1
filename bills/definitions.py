"""What laws mean by their terms, arranged without queries: scope questions, terms a rule uses, columns.

Scope answers come only from the phrases a definition's "includes" and "leaves out" lists state; where
no phrase answers a question, the answer is "Not stated", never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Bill, Definition, Provision

NOT_STATED = "Not stated"
NO_DEFINITION = "No definition recorded"


@dataclass(frozen=True)
class ScopeQuestion:
    """A yes/no question about what a term covers, answered by matching its phrases.

    ``yes_in`` / ``no_in`` name the list ("includes" or "excludes") whose matching phrase answers
    "Yes" / "No"; a question with no ``no_in`` is never answered "No".
    """

    question: str
    pattern: re.Pattern
    yes_in: str
    no_in: str | None = None


SCOPE_QUESTIONS = [
    ScopeQuestion(
        "Covers checking who someone claims to be?",
        re.compile(r"verif|claimed identity|who they claim|checking who|checking a face against"),
        yes_in="includes",
    ),
    ScopeQuestion("Covers tracking a person?", re.compile(r"\btrack|following a person"), yes_in="includes"),
    ScopeQuestion(
        "Covers tools that are only partly automated?",
        re.compile(r"partly automat|partially automat"),
        yes_in="includes",
    ),
    ScopeQuestion(
        "Covers private businesses?",
        re.compile(r"business|private (?:part|entit)|commercial"),
        yes_in="includes",
        no_in="excludes",
    ),
    ScopeQuestion(
        "Leaves out unlocking your own device?",
        re.compile(r"unlock|access to a device"),
        yes_in="excludes",
        no_in="includes",
    ),
    ScopeQuestion("Leaves out blurring faces for privacy?", re.compile(r"blurring"), yes_in="excludes"),
    ScopeQuestion("Leaves out ordinary photos?", re.compile(r"\bphoto"), yes_in="excludes"),
]

LIST_LABELS = {"includes": "Includes", "excludes": "Leaves out"}


@dataclass(frozen=True)
class ScopeAnswer:
    """ "Yes", "No" or "Not stated", with the phrase of the law's definition that says so."""

    answer: str
    phrase: str = ""
    listed_under: str = ""

    @property
    def is_stated(self) -> bool:
        return bool(self.phrase)


def _first_match(question: ScopeQuestion, phrases: list[str]) -> str:
    return next((phrase for phrase in phrases if question.pattern.search(phrase.lower())), "")


def answer(question: ScopeQuestion, definition: Definition) -> ScopeAnswer:
    """The answer the definition's own phrases give, or "Not stated"."""
    lists = {"includes": definition.included, "excludes": definition.excluded}
    for list_name, reply in [(question.yes_in, "Yes"), (question.no_in, "No")]:
        if list_name and (phrase := _first_match(question, lists[list_name])):
            return ScopeAnswer(reply, phrase, LIST_LABELS[list_name])
    return ScopeAnswer(NOT_STATED)


@dataclass
class DefinitionColumn:
    """One law in the definitions comparison: its central term (None if it has none) and its answers."""

    bill: Bill
    central: Definition | None
    answers: list[ScopeAnswer]
    other_terms: int = 0


@dataclass
class ScopeRow:
    question: str
    answers: list[ScopeAnswer]


def definition_columns(bills: list[Bill], definitions: list[Definition]) -> list[DefinitionColumn]:
    """Arrange fetched definitions (each law's in display order) into one column per bill, no queries."""
    by_bill: dict[int, list[Definition]] = {}
    for definition in definitions:
        by_bill.setdefault(definition.bill_id, []).append(definition)
    columns = []
    for bill in bills:
        terms = by_bill.get(bill.pk, [])
        central = terms[0] if terms else None
        answers = [answer(q, central) if central else ScopeAnswer(NOT_STATED) for q in SCOPE_QUESTIONS]
        columns.append(DefinitionColumn(bill, central, answers, other_terms=max(len(terms) - 1, 0)))
    return columns


def scope_rows(columns: list[DefinitionColumn]) -> list[ScopeRow]:
    """The scope questions as table rows; a question no chosen law answers is left out."""
    rows = [
        ScopeRow(question.question, [column.answers[index] for column in columns])
        for index, question in enumerate(SCOPE_QUESTIONS)
    ]
    return [row for row in rows if any(cell.is_stated for cell in row.answers)]


def _term_pattern(term: str) -> re.Pattern:
    # "人脸识别技术 (facial recognition technology)" is used by its English name.
    name = term.split(" (")[-1].rstrip(")") if term.endswith(")") else term
    return re.compile(rf"\b{re.escape(name.lower())}s?\b")


def terms_used(provision: Provision, definitions: list[Definition]) -> list[Definition]:
    """The law's defined terms a rule's words use; a term inside a longer one used there is dropped."""
    text = f"{provision.plain} {provision.detail}".lower()
    used = [d for d in definitions if _term_pattern(d.term).search(text)]
    return [d for d in used if not any(d is not o and d.term.lower() in o.term.lower() for o in used)]
