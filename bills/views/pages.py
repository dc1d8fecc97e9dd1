"""Public pages: home, bills, categories (topics), parties (who's affected), jurisdictions, about.

Views stay thin: one queryset method fetches what the page needs, a small function arranges it,
and the view hands a flat context to its template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Case, Q, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import clock
from ..access import can_preview
from ..filters import BillFilter
from ..forms import DayForm, EffectForm, PlaceNameForm, TopicForm
from ..grid import MAX_COMPARE_COLUMNS
from ..grouping import provisions_by_category, provisions_by_effect, provisions_by_party
from ..links import compare_url, definitions_url
from ..models import (
    BILL_ROW_FIELDS,
    Bill,
    Category,
    CategoryGroup,
    Confidence,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Sponsor,
    Status,
    with_governed_parties,
)
from ..places import BILLS_PER_LEVEL, BINDING_EFFECTS, MapTile, map_tiles, parent_chain, stack_by_level
from ..search import index_first, with_matches

BILLS_PER_PAGE = 25
COMPARE_SHORTCUTS = 6
# A summary lists the first few rules of each topic or effect, then links to all of them, in pages.
PROVISIONS_PER_GROUP = 3
PROVISIONS_PER_PAGE = 25


def home(request):
    day = clock.today()
    published = Bill.objects.published()
    counts, in_force_count = published.status_counts(on=day)
    state_laws = list(
        published.in_force(on=day)
        .filter(jurisdiction__level=Jurisdiction.Level.STATE)
        .values_list("slug", flat=True)
    )
    # A grid needs 2 to MAX_COMPARE_COLUMNS bills; outside that range the plain grid of all laws stands in.
    in_range = 2 <= len(state_laws) <= MAX_COMPARE_COLUMNS
    context = {
        "day": day,
        "bill_count": sum(counts.values()),
        "in_force_count": in_force_count,
        "status_counts": [
            {"status": status, "label": label, "count": counts[status]}
            for status, label in Status.choices
            if status in counts
        ],
        "recent_bills": published.recently_updated()[:6],
        "tiles": state_map(day),
        "abroad": Jurisdiction.objects.abroad(),
        "state_laws": state_laws,
        "state_grid_url": compare_url(state_laws if in_range else ()),
    }
    return render(request, "bills/home.html", context)


def bill_list(request):
    # A row needs only its own columns and whom it governs, fetched as (bill, party) pairs for the
    # page's bills; a search adds the first rules of each that matched, in one more query.
    bills = Bill.objects.visible_to(request.user).as_rows().in_list_order()
    filterset = BillFilter(request.GET or None, queryset=bills, today=clock.today())
    context = {"filterset": filterset, "form": filterset.form, "day": filterset.day}
    if filterset.is_bound and not filterset.is_valid():
        context["page"] = None
        return render(request, "bills/bill_list.html", context, status=400)

    search = filterset.form.cleaned_data.get("q") if filterset.is_bound else ""
    paginator = Paginator(filterset.qs if filterset.is_bound else bills, BILLS_PER_PAGE)
    raw_page = request.GET.get("page", "1")
    try:
        with index_first(search, using=bills.db):  # the count and the page's rows
            page = paginator.page(raw_page)
            rows = list(page.object_list)
    except PageNotAnInteger:
        context.update(page=None, page_error=f"“{raw_page[:20]}” is not a page number.")
        return render(request, "bills/bill_list.html", context, status=400)
    except EmptyPage:
        context.update(
            page=None,
            page_error=f"There is no page {raw_page[:20]}; these results have {paginator.num_pages} page(s).",
        )
        return render(request, "bills/bill_list.html", context, status=404)
    context.update(
        page=page,
        bills=bill_rows(rows, search),
        summary=filterset.describe() if filterset.is_bound else "All bills",
        is_filtered=filterset.is_bound and filterset.is_filtered,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    )
    return render(request, "bills/bill_list.html", context)


def bill_rows(bills, search: str) -> list[Bill]:
    """A page of the bill list: each bill with whom it governs and, for a search, the rules that matched."""
    bills = with_governed_parties(list(bills))
    return with_matches(bills, search) if search else bills


def bill_detail(request, slug):
    is_staff = can_preview(request.user)
    bill = get_object_or_404(
        Bill.objects.visible_to(request.user).for_detail(include_unpublished=is_staff), slug=slug
    )
    provisions = list(bill.provisions.all())
    sponsors = list(bill.sponsors.all())
    links = list(RelatedBill.objects.touching(bill))
    shortcuts = _compare_shortcuts(bill, links, request.user)
    context = {
        "bill": bill,
        "primary_sponsors": [s for s in sponsors if s.role == Sponsor.Role.PRIMARY],
        "cosponsors": [s for s in sponsors if s.role != Sponsor.Role.PRIMARY],
        "by_party": provisions_by_party(provisions),
        "provision_count": len(provisions),
        "needs_review_count": sum(1 for p in provisions if p.needs_review),
        "related": related_links(bill, links, include_unpublished=is_staff),
        "day": clock.today(),
        "compare_with": [(other, compare_url([bill, other])) for other in shortcuts],
        "compare_all_url": compare_url([bill, *shortcuts]),
        "definitions": list(bill.definitions.all()),
        # A comparison needs two laws; with no shortcut, the default comparison is the next best.
        "definitions_compare_url": definitions_url([bill, *shortcuts] if shortcuts else ()),
        "preview": "" if bill.is_published else "This bill is not published.",
    }
    # StaffNeverCacheMiddleware keeps staff previews out of caches.
    return render(request, "bills/bill_detail.html", context)


def _compare_shortcuts(bill: Bill, links: list[RelatedBill], user) -> list[Bill]:
    """Bills worth comparing with this one: related (``links``, as touching() gives them), same place,
    then laws of the same level."""
    related_ids = {pk for link in links for pk in (link.bill_id, link.other_bill_id) if pk and pk != bill.pk}
    # Ranked in the query, so only the shortcuts shown are read: not 40 bills to keep 6.
    rank = Case(When(pk__in=related_ids, then=0), When(jurisdiction=bill.jurisdiction_id, then=1), default=2)
    return list(
        Bill.objects.visible_to(user)
        .exclude(pk=bill.pk)
        .filter(
            Q(pk__in=related_ids)
            | Q(jurisdiction=bill.jurisdiction_id)
            | Q(jurisdiction__level=bill.jurisdiction.level, status=Status.ENACTED)
        )
        .select_related("jurisdiction")
        .only(*BILL_ROW_FIELDS)  # a label and a link each: not the bills' wide text columns
        .alias(shortcut_rank=rank)
        .newest_first("shortcut_rank")[:COMPARE_SHORTCUTS]
    )


@dataclass(frozen=True)
class RelatedLink:
    """A related bill as its page names it ("Amended by Virginia SB 741 (2022)"), linked if we hold it."""

    relation_label: str
    identifier: str
    other_bill: Bill | None
    note: str


def related_links(
    bill: Bill, links: list[RelatedBill] | None = None, *, include_unpublished: bool = False
) -> list[RelatedLink]:
    """The links the bill states, plus the inverse of links other bills state about it, without repeats.

    ``links`` are RelatedBill.objects.touching(bill), when the caller already has them.
    """
    if links is None:
        links = list(RelatedBill.objects.touching(bill))
    shown: list[RelatedLink] = []
    seen: set[tuple[int, str]] = set()

    def visible(other: Bill | None) -> Bill | None:
        if other is None or other.is_published or include_unpublished:
            return other
        return None

    for link in (link for link in links if link.bill_id == bill.pk):
        other = visible(link.other_bill)
        label = link.identifier if other is None else other.label
        shown.append(RelatedLink(link.get_relation_display(), label, other, link.note))
        if link.other_bill_id:
            seen.add((link.other_bill_id, link.relation))
    for link in (link for link in links if link.bill_id != bill.pk):
        inverse = RelatedBill.INVERSE[RelatedBill.Relation(link.relation)]
        if (link.bill_id, inverse) in seen or visible(link.bill) is None:
            continue
        shown.append(RelatedLink(RelatedBill.Relation(inverse).label, link.bill.label, link.bill, ""))
        seen.add((link.bill_id, inverse))
    return shown


def with_day(view):
    """Check the page's ``?on=`` and ``?show=`` first (a 400 that says why), then pass them as ``when``."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        when = DayForm(request.GET, today=clock.today())
        if not when.is_valid():
            return bad_options(request, when)
        return view(request, *args, when=when, **kwargs)

    return checked


@with_day
def category_list(request, *, when: DayForm):
    categories = Category.objects.for_list(on=when.in_force_on)
    return render(request, "bills/category_list.html", {**day_context(when), "categories": categories})


@with_day
def category_detail(request, slug, *, when: DayForm):
    """A topic page: per effect, how many rules and the first few; ``?effect=`` pages through one effect."""
    category = get_object_or_404(Category.objects.select_related("group"), slug=slug)
    chosen = EffectForm(request.GET)
    if not chosen.is_valid():
        return bad_options(request, chosen)
    provisions = Provision.objects.for_category(category, on=when.in_force_on)
    context = {**day_context(when), "category": category}
    if effect := chosen.cleaned_data["effect"]:
        page, page_range = page_of(request, provisions.filter(effect=effect), PROVISIONS_PER_PAGE)
        context.update(effect=Effect(effect), page=page, page_range=page_range)
        return render(request, "bills/category_detail.html", context)
    rows = provisions.summarised_by("effect", PROVISIONS_PER_GROUP, count_bills=True)
    context["effect_groups"] = provisions_by_effect(rows)
    context["bill_count"] = rows[0].bill_total if rows else 0
    return render(request, "bills/category_detail.html", context)


@with_day
def party_list(request, *, when: DayForm):
    parties = Party.objects.for_list(on=when.in_force_on)
    return render(request, "bills/party_list.html", {**day_context(when), "parties": parties})


@with_day
def party_detail(request, slug, *, when: DayForm):
    """A party page: per topic, how many rules and the first few; ``?topic=`` pages through one topic."""
    party = get_object_or_404(Party, slug=slug)
    chosen = TopicForm(request.GET)
    if not chosen.is_valid():
        return bad_options(request, chosen)
    provisions = Provision.objects.for_party(party, on=when.in_force_on)
    context = {
        **day_context(when),
        "party": party,
        "grid_url": compare_url(party=party, on=when.cleaned_data["on"]),
    }
    if topic := chosen.cleaned_data["topic"]:
        category = get_object_or_404(Category.objects.select_related("group"), slug=topic)
        page, page_range = page_of(request, provisions.filter(category=category), PROVISIONS_PER_PAGE)
        context.update(topic=category, page=page, page_range=page_range)
        return render(request, "bills/party_detail.html", context)
    groups = provisions_by_category(provisions.first_of_each_fetched("category_id", PROVISIONS_PER_GROUP))
    context["category_groups"] = groups
    context["provision_count"] = sum(group.count for group in groups)
    return render(request, "bills/party_detail.html", context)


def page_of(request, items, per_page: int) -> tuple[Page, Iterable]:
    """One page of ``items`` from ``?page=``, and the page numbers to link; a bad page number is a 404."""
    paginator = Paginator(items, per_page)
    raw_page = request.GET.get("page", "1")
    try:
        page = paginator.page(raw_page)
    except PageNotAnInteger:
        raise Http404(f"“{raw_page[:20]}” is not a page number.") from None
    except EmptyPage:
        raise Http404(
            f"There is no page {raw_page[:20]}; this list has {paginator.num_pages} page(s)."
        ) from None
    return page, paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@with_day
def jurisdiction_list(request, *, when: DayForm):
    """The places page: every jurisdiction by level, a name filter, and the map of states."""
    names = PlaceNameForm(request.GET)
    if not names.is_valid():
        return bad_options(request, names)
    name = names.cleaned_data["name"]
    places = Jurisdiction.objects.for_list()
    context = {
        **day_context(when),
        "name_form": names,
        "jurisdictions": places.filter(name__icontains=name) if name else places,
        "tiles": state_map(when.day),
        "abroad": Jurisdiction.objects.abroad(),
    }
    return render(request, "bills/jurisdiction_list.html", context)


@with_day
def jurisdiction_detail(request, slug, *, when: DayForm):
    """A place page: the laws in force there, stacked by level, nearest first; each level's first few."""
    place = get_object_or_404(Jurisdiction.objects.for_place(), slug=slug)
    chain = parent_chain(place)
    placed = Bill.objects.visible_to(request.user).for_place(chain, on=when.day, show_all=when.show_all)
    ranked = placed.first_of_each(["jurisdiction_id", "section"], BILLS_PER_LEVEL)
    listed = [pk for pk, _size, _place, section in ranked if section != "hidden"]
    bills = with_governed_parties(list(Bill.objects.filter(pk__in=listed).as_rows().newest_first()))
    levels = stack_by_level(chain, ranked, bills, on=when.cleaned_data["on"], show_all=when.show_all)
    in_force = [bill for level in levels for bill in level.laws if bill.is_in_force(when.day)]
    context = {
        **day_context(when),
        "jurisdiction": place,
        "levels": levels,
        "law_count": sum(level.law_count for level in levels),
        "compare_url": compare_url(in_force[:MAX_COMPARE_COLUMNS], on=when.cleaned_data["on"]),
        "compare_count": min(len(in_force), MAX_COMPARE_COLUMNS),
        "children": Jurisdiction.objects.for_children(place),
    }
    return render(request, "bills/jurisdiction_detail.html", context)


def state_map(day) -> list[MapTile]:
    """The tile map of the states, shaded by their strongest law in force on ``day``: three queries."""
    categories = Provision.objects.for_state_map(on=day, effects=BINDING_EFFECTS)
    local = Bill.objects.local_laws_by_state(on=day)
    return map_tiles(Jurisdiction.objects.states(), categories, local)


def day_context(when: DayForm) -> dict:
    """What every page with a day switch shows: the day, whether all bills are listed, and in words."""
    return {
        "day": when.day,
        "day_form": when,
        "show_all": when.show_all,
        "listing": when.describe(),
        "day_query": when.query(),
    }


def bad_options(request, form) -> HttpResponse:
    """A 400 page that says which option in the address could not be used, and why."""
    return render(request, "bills/bad_options.html", {"form": form}, status=400)


def about(request):
    context = {
        "groups": CategoryGroup.objects.for_about(),
        "confidence_levels": Confidence.choices,
        "parties": Party.objects.all(),
    }
    return render(request, "bills/about.html", context)
