"""The pieces every page repeats: badges, the effect legend, and links to a comparison grid."""

from __future__ import annotations

from django import template

from .. import clock
from ..grid import governs_text
from ..links import compare_url as build_compare_url
from ..models import Effect
from ..presentation import EFFECT_LEGEND, EFFECT_PLAIN, standing_text

register = template.Library()


@register.inclusion_tag("includes/_effect_badge.html")
def effect_badge(effect: str) -> dict:
    """An effect's badge ("Requires"), with its plain meaning as the tooltip."""
    return {"effect": effect, "label": Effect(effect).label, "title": EFFECT_PLAIN[Effect(effect)]}


@register.inclusion_tag("includes/_status_badge.html")
def status_badge(bill) -> dict:
    return {"bill": bill}


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


@register.simple_tag
def compare_url(bills=(), party=None, differences: bool = False, on=None) -> str:
    """The address of a grid of ``bills`` (bills or slugs); see bills.links.compare_url."""
    return build_compare_url(bills, party=party, differences=differences, on=on)


@register.inclusion_tag("includes/_standing_badge.html", takes_context=True)
def standing_badge(context, bill) -> dict:
    """A bill's standing on the page's day ("In force since 1 July 2021"), as a badge."""
    standing = bill.standing(context.get("day") or clock.today())
    return {"kind": standing.kind, "text": standing_text(standing)}
