"""The pieces every page repeats: badges, the effect legend, and links to a comparison grid."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django import template
from django.utils.html import format_html, format_html_join

from .. import clock
from ..feeds import feed_url as build_feed_url
from ..glossary import glossary_url
from ..grid import NOT_ADDRESSED, NOT_RECORDED, governs_text
from ..models import Effect
from ..presentation import EFFECT_LEGEND, EFFECT_PLAIN, standing_text

register = template.Library()


# The badges are simple tags over fixed fragments, not inclusion tags: the grid shows one per rule
# (hundreds a page), and an inclusion tag's template render per badge was a third of its cost.
NEEDS_REVIEW = format_html(
    '<span class="needs-review" title="Needs review: this description rests on a single secondary source'
    " and has not yet been checked against the law's text.\">"
    '<span aria-hidden="true">{}</span> Needs review</span>',
    "⚠",
)
NEEDS_REVIEW_AFTER = format_html(" {}", NEEDS_REVIEW)  # after a rule's effect badge in a grid cell
UNPUBLISHED = format_html('<span class="badge badge--unpublished">{}</span>', "Unpublished")
ICON = format_html('<span class="badge__icon" aria-hidden="{}"></span>', "true")


@functools.cache
def effect_badge_html(effect: str, href: str = "") -> str:
    """One effect's badge, built once per effect (and link): the set of effects is small."""
    label, title = Effect(effect).label, EFFECT_PLAIN[Effect(effect)]
    if href:
        return format_html(
            '<a class="badge badge--effect badge--{} badge--link" href="{}" title="{}">{}{}</a>',
            effect,
            href,
            title,
            ICON,
            label,
        )
    return format_html(
        '<span class="badge badge--effect badge--{}" title="{}">{}{}</span>', effect, title, ICON, label
    )


@register.simple_tag
def effect_badge(effect: str, link: bool = False) -> str:
    """An effect's badge ("Requires"), with its plain meaning as the tooltip; ``link`` to its glossary entry.

    Off by default: in the grid every rule already has a link, and a second one per rule would
    double the stops for a keyboard reader. Legends and rule cards link.
    """
    return effect_badge_html(effect, glossary_url("effect", effect) if link else "")


@register.simple_tag
def needs_review_badge() -> str:
    """The mark beside a low-confidence provision."""
    return NEEDS_REVIEW


@register.simple_tag
def unpublished_badge(item) -> str:
    """Marks a bill or provision that only staff can see; renders nothing for published ones."""
    return "" if item.is_published else UNPUBLISHED


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


@register.simple_tag(takes_context=True)
def standing_badge(context, bill, link: bool = False) -> str:
    """A bill's standing on the page's day ("In force since 1 July 2021"), as a badge.

    ``link`` makes it a link to the standing's glossary entry (not inside a label or another link).
    """
    standing = bill.standing(context.get("day") or clock.today())
    kind, text = standing.kind, standing_text(standing)
    if link:
        return format_html(
            '<a class="badge badge--standing badge--standing-{} badge--link" href="{}">{}</a>',
            kind,
            glossary_url("standing", kind),
            text,
        )
    return format_html('<span class="badge badge--standing badge--standing-{}">{}</span>', kind, text)


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


@register.simple_tag(takes_context=True)
def grid_cell(context, cell, several_parties: bool = False) -> str:
    """One grid cell: what one bill says on one topic, or "Not addressed" / "Not recorded".

    Built in Python, not an include: the default grid has hundreds of cells, and an include's
    template render per cell (and a reverse() per rule) was most of the page's cost. What is the
    same all down a bill's column (its label, its URL, its empty cell) is built once a render.
    """
    column = bill_column(context, cell.bill)
    if not cell.provisions:
        return column.recorded_empty if cell.recorded else column.unrecorded_empty
    rules = format_html_join("\n", RULE, (rule_args(p, column.url, several_parties) for p in cell.provisions))
    return format_html(
        '<td class="compare-grid__cell">{}\n<ul class="cell-provisions">\n{}\n</ul></td>', column.label, rules
    )


@dataclass(frozen=True)
class BillColumn:
    """The fragments a bill's cells share."""

    url: str
    label: str
    recorded_empty: str
    unrecorded_empty: str


def bill_column(context, bill) -> BillColumn:
    """The bill's shared fragments, built on its first cell of this render (render_context is per render)."""
    columns = context.render_context.get("grid_cell_columns")
    if columns is None:
        columns = context.render_context["grid_cell_columns"] = {}
    if bill.pk not in columns:
        label = format_html('<span class="compare-grid__cell-bill">{}</span>', bill.label)
        columns[bill.pk] = BillColumn(
            url=bill.get_absolute_url(),
            label=label,
            recorded_empty=format_html(EMPTY_CELL, label, "", NOT_ADDRESSED),
            unrecorded_empty=format_html(EMPTY_CELL, label, " not-addressed--unrecorded", NOT_RECORDED),
        )
    return columns[bill.pk]


EMPTY_CELL = (
    '<td class="compare-grid__cell compare-grid__cell--empty">{}\n'
    '<span class="not-addressed{}">{}</span></td>'
)

# One rule in a grid cell: its badges, its plain words linked to it, whom it governs, its section.
RULE = (
    '<li class="cell-provision">\n<span class="cell-provision__marks">{}{}</span>\n'
    '<a class="cell-provision__plain" href="{}#provision-{}">{}</a>{}{}\n</li>'
)


def rule_args(provision, bill_url: str, several_parties: bool) -> tuple:
    """RULE's values for one provision (the fragments already escaped)."""
    whom = (
        format_html('\n<span class="cell-provision__whom">{}</span>', governs_text(provision))
        if several_parties
        else ""
    )
    section = (
        format_html('\n<span class="cell-provision__section">{}</span>', provision.section)
        if provision.section
        else ""
    )
    review = NEEDS_REVIEW_AFTER if provision.needs_review else ""
    return (
        effect_badge_html(provision.effect),
        review,
        bill_url,
        provision.pk,
        provision.plain,
        whom,
        section,
    )
