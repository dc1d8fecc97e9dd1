"""The search's part of a bill row: which of the bill's rules matched, with the words marked."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("includes/_matched_rules.html")
def matched_rules(bill) -> dict:
    """The first few provisions of ``bill`` that matched the search, as search.with_matches gave them."""
    matches = getattr(bill, "matches", [])
    return {"bill": bill, "matches": matches, "more": getattr(bill, "match_count", 0) - len(matches)}
