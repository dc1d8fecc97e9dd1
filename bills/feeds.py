"""Atom feeds of what changed, read from the edit history: for the site, a place, a topic or a bill.

An entry is one edit of one published bill: its own fields and its rules' changes together, so a
reload from the data files (which touches many fields and rules at once) is one entry per bill.
Only published bills and rules appear, and staff-only notes never do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .load_history import LOADER_REASONS
from .models import Bill, Category, Effect, Jurisdiction, Provision, Status
from .places import parent_chain

FEED_ENTRIES = 30
# History rows read to build them: enough for a reload of every bill, bounded however busy staff are.
HISTORY_ROWS = 400
# Edits of one bill by one person for one reason this close together are one change.
SAME_EDIT = datetime.timedelta(minutes=10)

# Bill fields a reader sees, in the words the pages use; research notes and bookkeeping are left out.
BILL_FIELDS = {
    "status": "Status",
    "status_date": "Status date",
    "title": "Official title",
    "short_title": "Short title",
    "introduced": "Introduced on",
    "effective": "Takes effect on",
    "expires": "Ends (sunset) on",
    "codified_as": "Codified as",
    "summary": "Summary",
    "plain_summary": "Plain-language summary",
    "coverage": "Coverage",
    "checked": "Facts checked on",
}
# Long texts are named, not quoted, in an entry.
LONG_FIELDS = {"title", "summary", "plain_summary"}
# A rule's fields a reader sees, in plain words (an entry says which of them changed).
PROVISION_FIELDS = {
    "category_id": "topic",
    "effect": "what it does",
    "section": "section",
    "plain": "summary",
    "detail": "details",
    "excerpt": "quoted text",
    "confidence": "confidence",
}


@dataclass
class Change:
    """One entry: a bill, when, and what changed, in words."""

    bill: Bill
    when: datetime.datetime
    key: str
    lines: list[str] = field(default_factory=list)
    reason: str = ""
    user_id: int | None = None

    @property
    def title(self) -> str:
        first = self.lines[0] if self.lines else "Updated"
        more = (
            f" (and {len(self.lines) - 1} more change{'s' if len(self.lines) > 2 else ''})"
            if len(self.lines) > 1
            else ""
        )
        return f"{self.bill.label}: {first}{more}"


def _value(name: str, value) -> str:
    if value in (None, ""):
        return "none"
    if name == "status":
        return Status(value).label.lower()
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def bill_lines(row, previous) -> list[str]:
    """What one bill history row changed, in words: "Status: in committee → enacted"."""
    if previous is None or (row.is_published and not previous.is_published):
        return [f"New bill: {Status(row.status).label.lower()}"]
    lines = []
    for name, label in BILL_FIELDS.items():
        old, new = getattr(previous, name), getattr(row, name)
        if old == new:
            continue
        if name in LONG_FIELDS:
            lines.append(f"{label} changed")
        else:
            lines.append(f"{label}: {_value(name, old)} → {_value(name, new)}")
    return lines


def provision_lines(row, previous, categories: dict[int, str]) -> list[str]:
    """What one rule's history row changed: added, removed, or which of its parts."""
    topic = categories.get(row.category_id, "a topic")
    effect = Effect(row.effect).label.lower()
    if row.history_type == "-" or (previous and previous.is_published and not row.is_published):
        return [f"Rule removed: {effect}, on {topic}"]
    if previous is None or not previous.is_published:
        return [f"New rule: {effect}, on {topic}"]
    changed = [
        label for name, label in PROVISION_FIELDS.items() if getattr(previous, name) != getattr(row, name)
    ]
    return [f"Rule on {topic} changed: {', '.join(changed)}"] if changed else []


def _with_previous(model, rows: list) -> list[tuple]:
    """Each history row with the version before it (None for the first): one query for them all."""
    ids = {row.id for row in rows}
    history = model.history.filter(id__in=ids).order_by("id", "history_date", "history_id")
    previous: dict[int, object] = {}
    before: dict[int, object] = {}
    for version in history.iterator():
        previous[version.history_id] = before.get(version.id)
        before[version.id] = version
    return [(row, previous.get(row.history_id)) for row in rows]


def _public_history(bills) -> tuple:
    """The public history of ``bills``' own fields and of their published rules, as two querysets."""
    # A rule since hidden again is left out altogether, even its versions from when it was public.
    hidden = Provision.objects.filter(is_published=False).values("id")
    provisions = Provision.history.filter(is_published=True, bill_id__in=bills).exclude(id__in=hidden)
    return Bill.history.filter(is_published=True, id__in=bills), provisions


def _paired(bill_rows: list, provision_rows: list) -> list[tuple[str, object, object]]:
    """Both kinds of row, each with its version before, newest first."""
    rows = [("bill", row, prev) for row, prev in _with_previous(Bill, bill_rows)]
    rows += [("provision", row, prev) for row, prev in _with_previous(Provision, provision_rows)]
    return sorted(rows, key=lambda item: item[1].history_date, reverse=True)


def _rows(bills) -> list[tuple[str, object, object]]:
    """The newest public history rows of ``bills``, HISTORY_ROWS of each kind at most: a feed's rows."""
    bill_history, provision_history = _public_history(bills)
    newest = [
        list(history.order_by("-history_date")[:HISTORY_ROWS])
        for history in (bill_history, provision_history)
    ]
    return _paired(*newest)


def _in_window(history, since, until):
    """History rows after ``since`` and up to ``until`` (either may be None)."""
    if since is not None:
        history = history.filter(history_date__gt=since)
    if until is not None:
        history = history.filter(history_date__lte=until)
    return history


def _newest_whole(history) -> tuple[list, datetime.datetime | None]:
    """Up to HISTORY_ROWS newest rows, and the time at or before which rows were left out (None: none)."""
    # Rows at the same time as the first one left out go too: what is kept is then every row after
    # the cut, and a count of the rows up to it covers exactly the rest.
    rows = list(history.order_by("-history_date")[: HISTORY_ROWS + 1])
    if len(rows) <= HISTORY_ROWS:
        return rows, None
    cut = rows[-1].history_date
    return [row for row in rows if row.history_date > cut], cut


def _bills_left_out(bills, since, bill_cut, provision_cut) -> int:
    """How many bills had changes at or before each history's cut: one count query, no rows read."""
    bill_history, provision_history = _public_history(bills)
    left_out = Q(pk__in=[])  # matches nothing: only a history that was cut adds bills
    if bill_cut is not None:
        left_out |= Q(pk__in=_in_window(bill_history, since, bill_cut).values("id"))
    if provision_cut is not None:
        left_out |= Q(pk__in=_in_window(provision_history, since, provision_cut).values("bill_id"))
    return Bill.objects.filter(left_out).count()


def staff_reason(row) -> str:
    """The reason a person gave for an edit; the loader's own ("Loaded from data file") says nothing new."""
    reason = row.history_change_reason or ""
    return "" if reason in LOADER_REASONS else reason


def _group(rows, describe) -> list[Change]:
    """Rows into changes: one per bill, person and reason within SAME_EDIT of each other."""
    changes: list[Change] = []
    open_changes: dict[tuple, Change] = {}
    for kind, row, previous in rows:
        bill_id = row.id if kind == "bill" else row.bill_id
        key = (bill_id, row.history_user_id, row.history_change_reason or "")
        change = open_changes.get(key)
        if change is None or change.when - row.history_date > SAME_EDIT:
            change = Change(
                bill=bill_id,
                when=row.history_date,
                key=f"{kind}-{row.history_id}",
                reason=staff_reason(row),
            )
            open_changes[key] = change
            changes.append(change)
        # Oldest first within an entry, so "New bill" leads and its rules follow.
        change.lines[:0] = describe(kind, row, previous)
    return [change for change in changes if change.lines]


def _changes(rows, limit: int | None = None) -> list[Change]:
    """History rows (with their versions before) as changes in words, newest first."""
    categories = dict(Category.objects.values_list("id", "name"))

    def describe(kind, row, previous):
        if kind == "bill":
            return bill_lines(row, previous)
        return provision_lines(row, previous, categories)

    changes = _group(rows, describe)[:limit]
    labelled = Bill.objects.select_related("jurisdiction").in_bulk({change.bill for change in changes})
    for change in changes:
        change.bill = labelled[change.bill]
    return [change for change in changes if change.bill.is_published]


def _public_ids(bills):
    """The ids of the published bills among ``bills`` (all of them, if None), as a subquery."""
    public = Bill.objects.published() if bills is None else bills.filter(is_published=True)
    return public.values("id")


def recent_changes(bills=None, *, limit: int | None = FEED_ENTRIES) -> list[Change]:
    """The newest changes to published bills (all, or the queryset ``bills``), newest first: a feed's."""
    return _changes(_rows(_public_ids(bills)), limit)


@dataclass
class Window:
    """The changes in a digest's window, newest first, and how many bills had older ones left out."""

    changes: list[Change]
    bills_left_out: int = 0


def changes_between(bills, since, until) -> Window:
    """Every change to published ``bills`` after ``since`` and up to ``until``, or the newest and a count.

    A digest must not drop changes without saying so: when a window holds more history than a feed
    reads, the older rows are counted (by bill, in one query) instead of read.
    """
    ids = _public_ids(bills)
    bill_history, provision_history = (_in_window(h, since, until) for h in _public_history(ids))
    bill_rows, bill_cut = _newest_whole(bill_history)
    provision_rows, provision_cut = _newest_whole(provision_history)
    changes = _changes(_paired(bill_rows, provision_rows))
    if bill_cut is None and provision_cut is None:
        return Window(changes)
    return Window(changes, _bills_left_out(ids, since, bill_cut, provision_cut))


def bills_about(obj):
    """The bills whose changes a bill's, place's or topic's feed carries (and its followers get)."""
    if isinstance(obj, Bill):
        return Bill.objects.filter(pk=obj.pk)
    if isinstance(obj, Jurisdiction):
        # What applies there, as its page stacks it (its own and every level above), and the places inside it.
        return Bill.objects.filter(Q(jurisdiction__in=parent_chain(obj)) | Q(jurisdiction__parent=obj))
    # A topic: bills with a published rule on it.
    return Bill.objects.filter(pk__in=Provision.objects.published().filter(category=obj).values("bill_id"))


class ChangesFeed(Feed):
    """The site's changes, as Atom; subclasses narrow it to one place, topic or bill."""

    feed_type = Atom1Feed
    title = "Face Recognition Law Tracker: what changed"
    subtitle = "New bills, status changes, and edits to bills and their rules."

    def link(self, obj=None) -> str:
        return reverse("bills:home")

    def bills(self, obj):
        return None if obj is None else bills_about(obj)

    def items(self, obj=None) -> list[Change]:
        return recent_changes(self.bills(obj))

    def item_title(self, change: Change) -> str:
        return change.title

    def item_description(self, change: Change) -> str:
        # The editor's own reason, where they gave one ("Corrected section per RCW text").
        why = f" (Why: {change.reason})" if change.reason else ""
        return " · ".join(change.lines) + why

    def item_link(self, change: Change) -> str:
        return change.bill.get_absolute_url()

    def item_guid(self, change: Change) -> str:
        return f"tag:frt-law-tracker,2026:change/{change.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, change: Change) -> datetime.datetime:
        return change.when

    def item_updateddate(self, change: Change) -> datetime.datetime:
        return change.when


class BillFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Bill.objects.published().select_related("jurisdiction"), slug=slug)

    def title(self, bill):
        return f"{bill.label}: what changed"

    def link(self, bill):
        return bill.get_absolute_url()


class JurisdictionFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Jurisdiction.objects.for_place(), slug=slug)

    def title(self, place):
        return f"{place.name}: what changed"

    def link(self, place):
        return place.get_absolute_url()


class CategoryFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"Topic “{category.name}”: what changed"

    def link(self, category):
        return category.get_absolute_url()


def feed_url(obj=None) -> str:
    """The Atom feed of a bill, place or topic (or of the whole site)."""
    names = {
        Bill: "bills:bill_feed",
        Jurisdiction: "bills:jurisdiction_feed",
        Category: "bills:category_feed",
    }
    if obj is None:
        return reverse("bills:feed")
    return reverse(names[type(obj)], args=[obj.slug])
