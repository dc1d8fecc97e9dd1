"""Definition tags: a column's central term (a rule's defined terms are on its card: card_tags)."""

from django import template

register = template.Library()


@register.simple_tag
def central_term(definitions, bill):
    """The law's central defined term from ``definitions`` (by bill id), or None: a lookup, no query."""
    return (definitions or {}).get(bill.pk)
