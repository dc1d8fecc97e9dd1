"""The pieces every page repeats: badges, the effect legend, and links to a comparison grid."""

from __future__ import annotations

from django import template

from .. import clock
from ..feeds import feed_url as build_feed_url
from ..glossary import glossary_url
from ..grid import governs_text
from ..models import Effect
from ..presentation import EFFECT_LEGEND, EFFECT_PLAIN, standing_text

register = template.Library()


@register.inclusion_tag("includes/_effect_badge.html")
def effect_badge(effect: str, link: bool = False) -> dict:
    """An effect's badge ("Requires"), with its plain meaning as the tooltip; ``link`` to its glossary entry.

    Off by default: in the grid every rule already has a link, and a second one per rule would
    double the stops for a keyboard reader. Legends and rule cards link.
    """
    href = glossary_url("effect", effect) if link else ""
    return {
        "effect": effect,
        "label": Effect(effect).label,
        "title": EFFECT_PLAIN[Effect(effect)],
        "href": href,
    }


@register.inclusion_tag("includes/_unpublished_badge.html")
def unpublished_badge(item) -> dict:
    """Marks a bill or provision that only staff can see; renders nothing for published ones."""
    return {"unpublished": not item.is_published}


@register.inclusion_tag("includes/_legend.html")
def effect_legend(title: str = "", heading_id: str = "", empty_cells: bool = False, whom: str = "") -> dict:
    """The key to the badges; ``empty_cells`` adds what the grid's empty cells mean (for ``whom``)."""
    return {
        "legend": EFFECT_LEGEND,
        "title": title,
        "heading_id": heading_id,
        "empty_cells": empty_cells,
        "whom": whom,
    }


@register.filter
def governs(provision) -> str:
    """Whom of the several chosen parties a grid provision governs: "For schools or developers"."""
    return governs_text(provision)


@register.inclusion_tag("includes/_standing_badge.html", takes_context=True)
def standing_badge(context, bill, link: bool = False) -> dict:
    """A bill's standing on the page's day ("In force since 1 July 2021"), as a badge.

    ``link`` makes it a link to the standing's glossary entry (not inside a label or another link).
    """
    standing = bill.standing(context.get("day") or clock.today())
    href = glossary_url("standing", standing.kind) if link else ""
    return {"kind": standing.kind, "text": standing_text(standing), "href": href}


@register.simple_tag
def glossary(term: str, kind: str = "") -> str:
    """The address of a term's glossary entry: {% glossary "sunset" %}, {% glossary "enacted" "status" %}."""
    return glossary_url(kind, term)


@register.inclusion_tag("includes/_feed_link.html")
def feed_link(obj=None) -> dict:
    """The visible "Follow (Atom feed)" link of a page; its <link rel="alternate"> goes in the head."""
    return {"url": build_feed_url(obj), "name": str(obj) if obj is not None else ""}


@register.inclusion_tag("includes/_feed_alternate.html")
def feed_alternate(obj) -> dict:
    """The <link rel="alternate"> that lets feed readers find a page's Atom feed (in {% block feeds %})."""
    return {"url": build_feed_url(obj), "name": str(obj)}
