"""Definition tags: the defined terms a rule uses ({% provision_terms %}), a column's central term."""

from django import template

from ..definitions import terms_used

register = template.Library()


@register.inclusion_tag("includes/_provision_terms.html")
def provision_terms(provision, definitions):
    """Links from a rule to the definitions of the terms it uses; ``definitions`` are already fetched."""
    return {"terms": terms_used(provision, definitions)}


@register.simple_tag
def central_term(definitions, bill):
    """The law's central defined term from ``definitions`` (by bill id), or None: a lookup, no query."""
    return (definitions or {}).get(bill.pk)
