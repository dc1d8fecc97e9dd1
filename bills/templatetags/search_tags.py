"""The search's part of a bill row: which of the bill's rules matched, with the words marked."""

from __future__ import annotations

from django import template

from ..search import SHOWN_MATCHES, matched_provisions

register = template.Library()


@register.inclusion_tag("includes/_matched_rules.html")
def matched_rules(bill, search: str) -> dict:
    """The first few provisions of ``bill`` matching ``search``; uses the prefetched provisions only."""
    matches = matched_provisions(bill, search) if search else []
    return {"bill": bill, "matches": matches[:SHOWN_MATCHES], "more": max(0, len(matches) - SHOWN_MATCHES)}
