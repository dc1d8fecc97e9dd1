"""A rule's card and a bill's row as pages list them: {% provision_card provision %}, {% bill_row bill %}.

Built in Python, not includes: a bill page shows a card per rule and party it governs, a list 25
rows, and an include's template render per card or row was a third of those pages' cost.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.loader import get_template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from ..definitions import terms_used
from ..glossary import glossary_url
from .bill_tags import NEEDS_REVIEW, UNPUBLISHED, effect_badge, standing_badge

register = template.Library()

CARD = (
    '<li class="provision"{}>\n  <div class="provision__head">\n    {}\n  </div>\n'
    '  <p class="provision__plain">{}</p>{}{}\n'
    '  <p class="provision__meta">{} · <a href="{}">Confidence</a>: {}</p>{}\n</li>'
)


TERMS = '\n  <p class="provision__meta provision__terms">Words this law defines: {}</p>'


@register.simple_tag(takes_context=True)
def provision_card(
    context,
    provision,
    *,
    show_category=False,
    show_bill=False,
    show_parties=False,
    brief=False,
    definitions=None,
    anchor=False,
) -> str:
    """One provision: its badges, plain words, whom it governs (``show_parties``), the terms it uses
    (``definitions``: the law's, already fetched), its section and, unless ``brief``, its details.

    ``show_category`` and ``show_bill`` name its topic or its bill; ``anchor`` gives it its id.
    """
    section = (
        format_html("Section: <cite>{}</cite>", provision.section)
        if provision.section
        else "Section not recorded"
    )
    return format_html(
        CARD,
        format_html(' id="provision-{}"', provision.pk) if anchor else "",
        _head(context, provision, show_category, show_bill),
        provision.plain,
        _parties(provision) if show_parties else "",
        _terms(provision, definitions) if definitions else "",
        section,
        glossary_url("", "confidence"),
        provision.confidence,
        "" if brief else _details(provision),
    )


def _head(context, provision, show_category: bool, show_bill: bool) -> str:
    parts = [effect_badge(provision.effect, link=True)]
    if show_category:
        parts.append(
            format_html(
                '<a class="provision__category" href="{}">{}</a>',
                provision.category.get_absolute_url(),
                provision.category.name,
            )
        )
    if show_bill:
        parts.append(
            format_html(
                '<a class="provision__category" href="{}">{}</a> {}',
                provision.get_absolute_url(),
                provision.bill.label,
                standing_badge(context, provision.bill),
            )
        )
    if provision.needs_review:
        parts.append(NEEDS_REVIEW)
    if not provision.is_published:
        parts.append(UNPUBLISHED)
    return format_html_join("\n    ", "{}", ((part,) for part in parts))


def _parties(provision) -> str:
    chips = format_html_join(
        "",
        '<a class="party-chip" href="{}">{}</a>',
        ((party.get_absolute_url(), party.name) for party in provision.parties.all()),
    )
    return format_html('\n  <p class="provision__meta">Who must comply: {}</p>', chips)


def _terms(provision, definitions) -> str:
    """Links to the definitions of the law's terms the rule uses."""
    terms = terms_used(provision, definitions)
    if not terms:
        return ""
    links = format_html_join(", ", '<a href="#definition-{}">“{}”</a>', ((d.pk, d.term) for d in terms))
    return format_html(
        '\n  <p class="provision__meta provision__terms">Words this law defines: {}</p>', links
    )


def _details(provision) -> str:
    """The folded details and official text, when the rule has either."""
    if not (provision.detail or provision.excerpt):
        return ""
    summary = "Details and official text" if provision.excerpt else "Details"
    detail = format_html("\n    <p>{}</p>", provision.detail) if provision.detail else ""
    excerpt = (
        format_html("\n    <blockquote>{}</blockquote>", linebreaksbr(provision.excerpt, autoescape=True))
        if provision.excerpt
        else ""
    )
    return format_html("\n  <details>\n    <summary>{}</summary>{}{}\n  </details>", summary, detail, excerpt)


# A bill in a list: its pick box, name, standing, whom it governs and, for a search, what matched.
ROW = (
    '<li class="bill-row">\n  <div class="bill-row__pick">\n    {}\n  </div>\n  <div>\n'
    '    <h3><a href="{}">{}</a>{}</h3>\n    <div class="bill-row__meta">\n      {}\n    </div>{}{}\n'
    "  </div>\n</li>"
)
PICK = (
    '<label title="Pick {} for comparison"><input type="checkbox" name="bills" value="{}">'
    '<span class="visually-hidden">Compare {}</span></label>'
)


@register.simple_tag(takes_context=True)
def bill_row(context, bill, *, pickable=False, show_updated=False, show_parties=False, search="") -> str:
    """A bill in a list; ``pickable`` adds the compare box, ``show_updated`` the date of the last edit,
    ``show_parties`` whom it governs (with_governed_parties, or its provisions prefetched) and
    ``search`` the rules that matched (search.with_matches). Built in Python, as provision_card is."""
    label = bill.label
    meta = [standing_badge(context, bill, link=True)]
    if show_updated:
        meta.append(format_html("<span>Updated {}</span>", date_format(localtime(bill.updated_at), "j M Y")))
    if not bill.is_published:
        meta.append(UNPUBLISHED)
    return format_html(
        ROW,
        format_html(PICK, label, bill.slug, label) if pickable else "",
        bill.get_absolute_url(),
        label,
        format_html(' <span class="muted">· {}</span>', bill.short_title) if bill.short_title else "",
        format_html_join("\n      ", "{}", ((part,) for part in meta)),
        _governs(bill) if show_parties else "",
        _matches(bill) if search else "",
    )


def _governs(bill) -> str:
    parties = bill.governed_parties()
    if not parties:
        return ""
    chips = format_html_join("", '<span class="party-chip">{}</span>', ((party.name,) for party in parties))
    return format_html('\n    <div class="bill-row__meta"><span>Governs:</span> {}</div>', chips)


def _matches(bill) -> str:
    """The rules that matched a search (a search page only, so its own small template is kept)."""
    matches = getattr(bill, "matches", [])
    more = getattr(bill, "match_count", 0) - len(matches)
    return get_template("includes/_matched_rules.html").render(
        {"bill": bill, "matches": matches, "more": more}
    )
