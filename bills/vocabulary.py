"""The words a data file may use for fixed values, taken from the model choices (the one source).

The loader checks files against these sets; tests/test_vocabulary.py holds bills/data/check_data.py,
which cannot import Django, to the same lists.
"""

from __future__ import annotations

from .models import Action, Confidence, Coverage, Effect, Jurisdiction, RelatedBill, Sponsor, Status

STATUSES = frozenset(Status.values)
EFFECTS = frozenset(Effect.values)
CONFIDENCE = frozenset(Confidence.values)
ROLES = frozenset(Sponsor.Role.values)
RELATIONS = frozenset(RelatedBill.Relation.values)
# Includes "" for events no body performs, such as a law taking effect on a set date.
ACTORS = frozenset(Action.Actor.values)
LEVELS = frozenset(Jurisdiction.Level.values)
COVERAGE = frozenset(Coverage.values)
