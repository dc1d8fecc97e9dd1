"""Public pages: home, bill list and page, topics, who's affected, jurisdictions, about.

Views stay thin: a queryset method fetches what the page needs, a small function arranges it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..filters import BillFilter
from ..grid import MAX_COMPARE_COLUMNS
from ..models import (
    EFFECT_LEGEND,
    Bill,
    Category,
    CategoryGroup,
    Confidence,
    Jurisdiction,
    Party,
    Provision,
    Sponsor,
    Status,
    can_preview,
)
from ..obligations import obligations_by_party, provisions_by_category, provisions_by_effect, related_links

BILLS_PER_PAGE = 25
COMPARE_SHORTCUTS = 6


def home(request):
    published = Bill.objects.published()
    counts = dict(published.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    status_counts = [
        {"status": status, "label": label, "count": counts[status]}
        for status, label in Status.choices
        if status in counts
    ]
    enacted_state_laws = list(
        published.enacted()
        .filter(jurisdiction__level=Jurisdiction.Level.STATE)
        .values_list("slug", flat=True)
    )
    # A grid needs 2 to MAX_COMPARE_COLUMNS bills; outside that range the plain grid of all laws stands in.
    state_grid_url = reverse("bills:compare")
    if 2 <= len(enacted_state_laws) <= MAX_COMPARE_COLUMNS:
        state_grid_url += "?" + urlencode([("bills", slug) for slug in enacted_state_laws])
    context = {
        "bill_count": sum(counts.values()),
        "status_counts": status_counts,
        "recent_bills": published.recently_updated()[:6],
        "enacted_state_laws": enacted_state_laws,
        "state_grid_url": state_grid_url,
    }
    return render(request, "bills/home.html", context)


def bill_list(request):
    bills = Bill.objects.visible_to(request.user).for_list()
    filterset = BillFilter(request.GET or None, queryset=bills)
    context = {"filterset": filterset, "form": filterset.form, "query_string": _query_without_page(request)}
    if filterset.is_bound and not filterset.is_valid():
        context["page"] = None
        return render(request, "bills/bill_list.html", context, status=400)

    results = filterset.qs if filterset.is_bound else bills
    paginator = Paginator(results, BILLS_PER_PAGE)
    raw_page = request.GET.get("page", "1")
    try:
        page = paginator.page(raw_page)
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
        bills=page.object_list,
        summary=filterset.describe() if filterset.is_bound else "All bills",
        is_filtered=filterset.is_bound and filterset.is_filtered,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    )
    return render(request, "bills/bill_list.html", context)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def bill_detail(request, slug):
    is_staff = can_preview(request.user)
    bill = get_object_or_404(
        Bill.objects.visible_to(request.user).for_detail(include_unpublished=is_staff), slug=slug
    )
    provisions = list(bill.provisions.all())
    sponsors = list(bill.sponsors.all())
    context = {
        "bill": bill,
        "primary_sponsors": [s for s in sponsors if s.role == Sponsor.Role.PRIMARY],
        "cosponsors": [s for s in sponsors if s.role != Sponsor.Role.PRIMARY],
        "obligations": obligations_by_party(provisions),
        "provision_count": len(provisions),
        "needs_review_count": sum(1 for p in provisions if p.needs_review),
        "related": related_links(bill, include_unpublished=is_staff),
        "compare_with": _compare_shortcuts(bill, request.user),
        "legend": EFFECT_LEGEND,
        "preview": "" if bill.is_published else "This bill is not published.",
    }
    # StaffNeverCacheMiddleware keeps staff previews out of caches.
    return render(request, "bills/bill_detail.html", context)


def _compare_shortcuts(bill: Bill, user) -> list[Bill]:
    """Bills worth comparing with this one: related, same place, then laws of the same level."""
    related_ids = {link.other_bill_id for link in bill.related_links.all() if link.other_bill_id}
    related_ids |= {link.bill_id for link in bill.incoming_links.all()}
    candidates = (
        Bill.objects.visible_to(user)
        .exclude(pk=bill.pk)
        .filter(
            Q(pk__in=related_ids)
            | Q(jurisdiction=bill.jurisdiction)
            | Q(jurisdiction__level=bill.jurisdiction.level, status=Status.ENACTED)
        )
        .select_related("jurisdiction")
        .newest_first()[:40]
    )

    def rank(other: Bill) -> int:
        if other.pk in related_ids:
            return 0
        return 1 if other.jurisdiction_id == bill.jurisdiction_id else 2

    return sorted(candidates, key=rank)[:COMPARE_SHORTCUTS]


def topic_list(request):
    # Ordered by group then display order, so {% regroup %} gives one heading per group.
    categories = (
        Category.objects.select_related("group")
        .annotate(
            bill_count=Count(
                "provisions__bill",
                filter=Q(provisions__is_published=True, provisions__bill__is_published=True),
                distinct=True,
            )
        )
        # Grouped queries drop Meta.ordering; {% regroup %} needs rows in group order.
        .order_by(*Category._meta.ordering)
    )
    return render(request, "bills/topic_list.html", {"categories": categories})


def topic_detail(request, slug):
    category = get_object_or_404(Category.objects.select_related("group"), slug=slug)
    provisions = list(Provision.objects.for_topic(category))
    context = {
        "category": category,
        "effect_groups": provisions_by_effect(provisions),
        "bill_count": len({p.bill_id for p in provisions}),
        "legend": EFFECT_LEGEND,
    }
    return render(request, "bills/topic_detail.html", context)


def party_list(request):
    parties = Party.objects.annotate(
        bill_count=Count(
            "provisions__bill",
            filter=Q(provisions__is_published=True, provisions__bill__is_published=True),
            distinct=True,
        ),
        provision_count=Count(
            "provisions", filter=Q(provisions__is_published=True, provisions__bill__is_published=True)
        ),
    ).order_by(*Party._meta.ordering)
    return render(request, "bills/party_list.html", {"parties": parties})


def party_detail(request, slug):
    party = get_object_or_404(Party, slug=slug)
    provisions = list(Provision.objects.for_party(party))
    context = {
        "party": party,
        "category_groups": provisions_by_category(provisions),
        "bill_count": len({p.bill_id for p in provisions}),
        "provision_count": len(provisions),
        "legend": EFFECT_LEGEND,
    }
    return render(request, "bills/party_detail.html", context)


def jurisdiction_list(request):
    jurisdictions = (
        Jurisdiction.objects.select_related("parent")
        .annotate(bill_count=Count("bills", filter=Q(bills__is_published=True)))
        .order_by(*Jurisdiction._meta.ordering)
    )
    return render(request, "bills/jurisdiction_list.html", {"jurisdictions": jurisdictions})


def jurisdiction_detail(request, slug):
    jurisdiction = get_object_or_404(Jurisdiction.objects.select_related("parent"), slug=slug)
    bills = Bill.objects.visible_to(request.user).in_jurisdiction(jurisdiction).for_list().newest_first()
    children = (
        jurisdiction.children.annotate(bill_count=Count("bills", filter=Q(bills__is_published=True)))
        .filter(bill_count__gt=0)
        .order_by(*Jurisdiction._meta.ordering)
    )
    context = {"jurisdiction": jurisdiction, "bills": bills, "children": children}
    return render(request, "bills/jurisdiction_detail.html", context)


def about(request):
    context = {
        "groups": CategoryGroup.objects.prefetch_related("categories"),
        "legend": EFFECT_LEGEND,
        "confidence_levels": Confidence.choices,
        "parties": Party.objects.all(),
    }
    return render(request, "bills/about.html", context)
