"""Tags for the staff admin: the one-line summary a folded provision shows."""

from django import template
from django.utils.text import Truncator

from ..models import Effect
from ..readability import GRADE_LIMIT, reading_grade

register = template.Library()


@register.simple_tag
def provision_line(provision) -> str:
    """Topic · effect · parties · first words · reading grade · draft, for a folded provision row.

    Reads the category and parties the inline prefetched; escaped by the template like any text.
    """
    parts = [
        str(provision.category),
        Effect(provision.effect).label.lower(),
        ", ".join(party.name for party in provision.parties.all()) or "no parties yet",
        f"“{Truncator(provision.plain).words(12)}”",
    ]
    grade = reading_grade(provision.plain)
    if grade is not None:
        parts.append(f"grade {grade}{' (hard)' if grade > GRADE_LIMIT else ''}")
    if not provision.is_published:
        parts.append("draft")
    return " · ".join(parts)
