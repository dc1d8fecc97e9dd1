"""Bills, their provisions, and the reference lists a provision is mapped onto."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Case, Count, F, Prefetch, Q, Subquery, Value, When, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .access import can_preview
from .links import slug_url

# What a bill needs before the public may see it; the admin's form and publish action say the same.
NEEDS_SOURCE = "A published bill needs at least one source: add the page its facts come from."
NEEDS_PROVISION = (
    "A published bill needs at least one published provision: add one, or tick “publish now” on one."
)


def public_provisions(prefix: str = "") -> Q:
    """Published provisions of published bills, seen through ``prefix`` (e.g. "provisions__")."""
    return Q(**{f"{prefix}is_published": True, f"{prefix}bill__is_published": True})


class OrderedQuerySet(models.QuerySet):
    """A queryset that can restore its model's ordering after an aggregate dropped it."""

    def in_default_order(self):
        # Django leaves Meta.ordering out of grouped queries; lists and {% regroup %} rely on it.
        return self.order_by(*self.model._meta.ordering)

    def first_of_each(self, partition: list[str], count: int) -> list[tuple]:
        """``(pk, group size, *partition values)`` of the first ``count`` rows of each group, in this order.

        One query on narrow columns (a window over the matching rows), so a page can show the first
        few of each group and say how many there are without reading every row.
        """
        keys = [F(name) for name in partition]
        ranked = self.annotate(
            place_in_group=Window(RowNumber(), partition_by=keys, order_by=list(self.query.order_by)),
            group_size=Window(Count("pk"), partition_by=keys),
        )
        return list(ranked.filter(place_in_group__lte=count).values_list("pk", "group_size", *partition))


def with_counts(rows, counts: dict[int, tuple[int, int]], *names: str) -> list:
    """``rows`` as a list, each given its (bills, provisions) from ``counts`` as ``names`` (0 if none)."""
    rows = list(rows)
    for row in rows:
        values = counts.get(row.pk, (0, 0))
        for index, name in enumerate(names):  # the topics list names only the first, the bills
            setattr(row, name, values[index])
    return rows


class JurisdictionQuerySet(OrderedQuerySet):
    """Jurisdiction queries for the place pages."""

    def with_bill_counts(self) -> JurisdictionQuerySet:
        return self.annotate(bill_count=Count("bills", filter=Q(bills__is_published=True))).in_default_order()

    def for_list(self) -> JurisdictionQuerySet:
        """The jurisdictions page: each place with its parent and its count of published bills."""
        return self.select_related("parent").with_bill_counts()

    def for_children(self, jurisdiction: Jurisdiction) -> JurisdictionQuerySet:
        """The places inside ``jurisdiction`` that have published bills of their own."""
        return self.filter(parent=jurisdiction).with_bill_counts().filter(bill_count__gt=0)

    def for_place(self) -> JurisdictionQuerySet:
        """A place page: the place with every place above it, in the same query."""
        return self.select_related("__".join(["parent"] * 4))

    def applying_in(self, slug: str) -> JurisdictionQuerySet:
        """The place named by ``slug`` and every place above it, whose laws apply there (a subquery)."""
        lookups = ["slug", *("__".join(["children"] * depth) + "__slug" for depth in range(1, 5))]
        return self.filter(reduce(or_, (Q(**{lookup: slug}) for lookup in lookups))).values("pk")

    def states(self) -> JurisdictionQuerySet:
        return self.filter(level=Jurisdiction.Level.STATE)

    def abroad(self) -> JurisdictionQuerySet:
        """Places outside the US with published bills: the short list under the map of states."""
        return self.exclude(country="US").with_bill_counts().filter(bill_count__gt=0)


class Jurisdiction(models.Model):
    """A place that makes law: the EU, a nation, a state, a county or a city."""

    class Level(models.TextChoices):
        INTERNATIONAL = "international", "International"
        NATIONAL = "national", "National"
        STATE = "state", "State"
        COUNTY = "county", "County"
        CITY = "city", "City"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    abbreviation = models.CharField(max_length=10, blank=True)
    # PROTECT: deleting a state must not silently delete its cities and their bills.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="Two-letter country code (US, FR…), or EU for the European Union."
    )
    display_order = models.PositiveIntegerField(default=0)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("bills:jurisdiction", self.slug)


class PartyQuerySet(OrderedQuerySet):
    def for_list(self, *, on: datetime.date | None) -> list[Party]:
        """The "who's affected" page: each party with ``bill_count`` and ``provision_count``, its public
        provisions of laws in force on ``on`` (of every bill when None) and their bills: two queries."""
        counts = Provision.objects.list_counts("parties", on=on)
        return with_counts(self.in_default_order(), counts, "bill_count", "provision_count")


class Party(models.Model):
    """Who a provision governs: government agencies, police, vendors, businesses, schools…"""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField()
    plain = models.TextField("plain-language description")
    display_order = models.PositiveIntegerField(default=0)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("bills:party", self.slug)


class CategoryGroupQuerySet(OrderedQuerySet):
    def for_about(self) -> CategoryGroupQuerySet:
        """The about page: every group with its categories, in grid order."""
        return self.prefetch_related("categories")


class CategoryGroup(models.Model):
    """A heading in the comparison grid ("Limits on use", "Enforcement")."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    display_order = models.PositiveIntegerField(default=0)

    objects = CategoryGroupQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(OrderedQuerySet):
    def for_list(self, *, on: datetime.date | None) -> list[Category]:
        """The topics page: categories in group order, each with ``bill_count``, the laws in force on
        ``on`` (every bill when None) with a public provision on it: two queries."""
        counts = Provision.objects.list_counts("category", on=on)
        return with_counts(self.select_related("group").in_default_order(), counts, "bill_count")

    def for_grid(self) -> CategoryQuerySet:
        """The grid's rows: every category with its group, in display order."""
        return self.select_related("group")


class Category(models.Model):
    """A kind of provision: one row of the comparison grid ("Warrant or court order"). Public word: topic."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    # PROTECT: a group with categories in it is still in use by the grid.
    group = models.ForeignKey(CategoryGroup, on_delete=models.PROTECT, related_name="categories")
    description = models.TextField()
    plain = models.TextField("plain-language description")
    display_order = models.PositiveIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        # Ordered by group, then display order, so grid rows match the printed legend.
        ordering = ["group__display_order", "display_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("bills:category", self.slug)


class Status(models.TextChoices):
    """Where a bill stands."""

    INTRODUCED = "introduced", "Introduced"
    IN_COMMITTEE = "in-committee", "In committee"
    PASSED_ONE_CHAMBER = "passed-one-chamber", "Passed one chamber"
    PASSED_LEGISLATURE = "passed-legislature", "Passed the legislature"
    ENACTED = "enacted", "Enacted"
    VETOED = "vetoed", "Vetoed"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"
    REPEALED = "repealed", "Repealed"


class Coverage(models.TextChoices):
    """How much of a law's text its provisions record; it decides what a blank grid cell means."""

    COMPLETE = "complete", "Complete — the whole text was read"
    PARTIAL = "partial", "Partial — from summaries or part of the text"


# Statuses of laws that were once in force and have since ended.
ENDED_STATUSES = (Status.EXPIRED, Status.REPEALED)
# The bill list's two standings that are not a stored status (BillFilter's status choices).
IN_FORCE, PENDING = "in-force", "pending"
# Statuses of bills still being debated: Standing.PENDING.
PENDING_STATUSES = (
    Status.INTRODUCED,
    Status.IN_COMMITTEE,
    Status.PASSED_ONE_CHAMBER,
    Status.PASSED_LEGISLATURE,
)


def in_force_q(on: datetime.date, prefix: str = "") -> Q:
    """Bills in force on day ``on``, seen through ``prefix`` (e.g. "bill__"); mirrors is_in_force().

    Enacted and started (its effective date, else the date it became law; with neither known, only
    from the year after its own), and not past its sunset; or expired or repealed after ``on``.
    """

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    not_sunset = q(expires__isnull=True) | q(expires__gt=on)
    started = (
        q(effective__lte=on)
        | q(effective__isnull=True, status_date__lte=on)
        | q(effective__isnull=True, status_date__isnull=True, year__lt=on.year)
    )
    ended_later = q(status_date__gt=on) | q(status_date__isnull=True, expires__isnull=False)
    became_law = q(status_date__isnull=True) | q(status_date__lte=on)
    enacted = q(status=Status.ENACTED) & became_law & started & not_sunset
    ended = q(status__in=ENDED_STATUSES, effective__lte=on) & ended_later & not_sunset
    return enacted | ended


# What a bill row or a provision card shows of a bill: its label, standing, link and place; never
# its long title, summaries or staff notes, which a list of thousands would drag along.
BILL_ROW_FIELDS = (
    "slug", "identifier", "short_title", "session", "status", "status_date", "introduced", "effective",
    "expires", "coverage", "sort_date", "is_published", "jurisdiction__name", "jurisdiction__slug",
    "jurisdiction__level", "jurisdiction__display_order",
)  # fmt: skip


class BillQuerySet(OrderedQuerySet):
    """Bill queries that read like English: ``Bill.objects.published().enacted()``."""

    def published(self) -> BillQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> BillQuerySet:
        """Everything for staff (who preview drafts), only published bills for everyone else."""
        if can_preview(user):
            return self
        return self.published()

    def enacted(self) -> BillQuerySet:
        return self.filter(status=Status.ENACTED)

    def in_force(self, *, on: datetime.date) -> BillQuerySet:
        """Laws in force on day ``on`` (the caller passes today; it is never read here)."""
        return self.filter(in_force_q(on))

    def in_jurisdiction(self, jurisdiction: Jurisdiction) -> BillQuerySet:
        return self.filter(jurisdiction=jurisdiction)

    def with_published_provisions(self) -> BillQuerySet:
        """Prefetch each bill's public provisions and their parties (two queries in all)."""
        return self.prefetch_related(
            Prefetch(
                "provisions",
                queryset=Provision.objects.published().select_related("category").prefetch_related("parties"),
            )
        )

    def for_list(self) -> BillQuerySet:
        """The bill list and jurisdiction pages: jurisdiction joined, public provisions prefetched."""
        return self.select_related("jurisdiction").with_published_provisions()

    def for_detail(self, *, include_unpublished: bool = False) -> BillQuerySet:
        """The bill page: everything it shows, in a fixed number of queries.

        ``include_unpublished`` is for staff previews, which also list draft provisions.
        """
        provisions = Provision.objects.all() if include_unpublished else Provision.objects.published()
        return self.select_related("jurisdiction__parent").prefetch_related(
            "sponsors",
            "actions",
            "sources",
            "definitions",
            "definition_sources",
            Prefetch(
                "provisions",
                queryset=provisions.select_related("category__group")
                .prefetch_related("parties")
                .order_by("category__group__display_order", "category__display_order", "display_order", "id"),
            ),
        )

    def newest_first(self, *before) -> BillQuerySet:
        """By the bill's own date (``Bill.sort_date``), undated bills last; after ``before``, if given."""
        return self.order_by(*before, F("sort_date").desc(nulls_last=True), "identifier")

    def in_list_order(self) -> BillQuerySet:
        """The bill list's order before any sort or search is chosen: newest first, which an index serves
        (bill_newest_idx, migration 0013), so the first page reads 25 rows instead of sorting them all."""
        return self.newest_first()

    def oldest_first(self) -> BillQuerySet:
        return self.order_by(F("sort_date").asc(nulls_last=True), "identifier")

    def status_counts(self, *, on: datetime.date) -> tuple[dict[str, int], int]:
        """How many bills stand at each status, and how many are in force on day ``on``: one query."""
        grouped = self.values("status").annotate(n=Count("id"), in_force=Count("id", filter=in_force_q(on)))
        rows = list(grouped.values_list("status", "n", "in_force"))
        return {status: n for status, n, _ in rows}, sum(in_force for _, _, in_force in rows)

    def of_laws_in_force(self, on: datetime.date | None) -> BillQuerySet:
        """Only bills in force on day ``on``; all of them when ``on`` is None (a page's "show all")."""
        return self if on is None else self.in_force(on=on)

    def recently_updated(self) -> BillQuerySet:
        return self.select_related("jurisdiction").order_by("-updated_at")

    def as_rows(self) -> BillQuerySet:
        """Only what a bill row shows (its label, standing, place and link), for lists of many bills."""
        return self.select_related("jurisdiction").only(*BILL_ROW_FIELDS, "updated_at")

    def for_place(self, chain, *, on: datetime.date, show_all: bool) -> BillQuerySet:
        """A place page: the bills of the place and every place above it, newest first, each with its
        ``section``: "pending", "laws" (in force on ``on``; any other bill with ``show_all``), "hidden"."""
        pending = Q(status__in=PENDING_STATUSES)
        listed = ~pending if show_all else in_force_q(on)
        section = Case(
            When(pending, then=Value("pending")), When(listed, then=Value("laws")), default=Value("hidden")
        )
        return self.filter(jurisdiction__in=chain).annotate(section=section).newest_first()

    def local_laws_by_state(self, *, on: datetime.date) -> set[int]:
        """The states whose cities or counties have published laws of their own in force on ``on``."""
        local = self.published().in_force(on=on).filter(jurisdiction__level__in=["city", "county"])
        # order_by(): the default ordering would add its columns and undo the distinct.
        return set(local.order_by().values_list("jurisdiction__parent_id", flat=True).distinct())

    def for_comparison(self) -> BillQuerySet:
        """Bills as grid columns and picker entries: each with its jurisdiction, in one query."""
        return self.select_related("jurisdiction")

    def facts_stale(self, *, on: datetime.date) -> BillQuerySet:
        """Bills whose facts were last checked more than a year before ``on``, or never."""
        year_ago = on - datetime.timedelta(days=365)
        return self.filter(Q(checked__lt=year_ago) | Q(checked__isnull=True))

    def sunset_passed(self, *, on: datetime.date) -> BillQuerySet:
        """Laws still marked enacted whose sunset date is before ``on``: their status needs a look."""
        return self.enacted().filter(expires__lt=on)


def bill_date(bill: Bill) -> datetime.date | None:
    """A bill's own date: when it became law for an enacted law, otherwise when it was introduced.

    The one rule behind a bill's year, its label and every sort by date; falls back on whichever
    date is known, so a bill with any date at all sorts among the dated ones.
    """
    if bill.status == Status.ENACTED:
        return bill.status_date or bill.introduced or bill.effective
    return bill.introduced or bill.status_date or bill.effective


def bill_year(bill: Bill) -> int | None:
    """The year of bill_date(), or failing any date the first year its session names ("2019")."""
    date = bill_date(bill)
    if date is not None:
        return date.year
    match = re.search(r"\b(19|20)\d{2}\b", bill.session or "")
    return int(match.group()) if match else None


class Standing(models.TextChoices):
    """Where a bill stands on a given day; derived by Bill.standing(), never stored."""

    IN_FORCE = "in-force", "In force"
    NOT_YET_IN_FORCE = "not-yet", "Enacted, not yet in force"
    NOT_YET_LAW = "later", "Became law later"
    ENDED = "ended", "Ended"
    PENDING = "pending", "Pending"
    DEAD = "dead", "Did not become law"


@dataclass(frozen=True)
class StandingOn:
    """A bill's standing on one day: what it is, since when, until when (any may be unknown)."""

    kind: Standing
    status: str
    since: datetime.date | None = None
    until: datetime.date | None = None
    year: int | None = None
    sunset: bool = False


class Bill(models.Model):
    """A bill or law, as introduced or as enacted."""

    # PROTECT: a jurisdiction that still has bills cannot be deleted by accident.
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="bills")
    identifier = models.CharField(
        max_length=120, help_text='The number as the legislature writes it, e.g. "SB 6280".'
    )
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Part of the public address; never change it once published."
    )
    title = models.TextField("official title")
    short_title = models.CharField(max_length=200, blank=True)
    session = models.CharField(max_length=120, help_text='e.g. "116th Congress (2019-2020)".')
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTRODUCED)
    status_date = models.DateField(
        null=True, blank=True, help_text="When the current status was reached (for enacted: became law)."
    )
    introduced = models.DateField("introduced on", null=True, blank=True)
    effective = models.DateField("takes effect on", null=True, blank=True)
    expires = models.DateField("expires on (sunset)", null=True, blank=True)
    codified_as = models.CharField("codified as", max_length=300, blank=True)
    summary = models.TextField("neutral summary", blank=True)
    plain_summary = models.TextField(
        "plain-language summary", help_text="Short sentences a 13-year-old can follow."
    )
    coverage = models.CharField(
        max_length=10,
        choices=Coverage.choices,
        default=Coverage.PARTIAL,
        help_text="Complete only when every rule of the law on face recognition is recorded here.",
    )
    checked = models.DateField(
        "facts checked on",
        null=True,
        blank=True,
        help_text="When the facts were last checked against the sources.",
    )
    # Derived on every save (bill_date, bill_year), stored so lists sort and filter on columns.
    sort_date = models.DateField(null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    research_notes = models.TextField(
        blank=True,
        help_text="Staff only: how the facts were checked and what is uncertain. Never shown to the public.",
    )
    definition_notes = models.TextField(
        blank=True,
        help_text="Staff only: what the sources of the definitions show and what is uncertain.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Only published bills appear on the public site."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = BillQuerySet.as_manager()

    class Meta:
        # Undated bills last on every database (PostgreSQL would put NULLs first).
        ordering = [
            "jurisdiction__display_order",
            "jurisdiction__name",
            F("sort_date").desc(nulls_last=True),
            "identifier",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "session", "identifier"], name="bill_unique_per_session"
            ),
            # "SB 6280" and "sb 6280" are one bill; serves the admin's and loader's duplicate check.
            models.UniqueConstraint(
                Lower("identifier"),
                "jurisdiction",
                "session",
                name="bill_unique_per_session_any_case",
                violation_error_code="duplicate_bill",
            ),
            models.CheckConstraint(
                condition=Q(introduced__isnull=True)
                | Q(status_date__isnull=True)
                | Q(introduced__lte=F("status_date")),
                name="bill_introduced_before_status_date",
            ),
            models.CheckConstraint(
                condition=Q(introduced__isnull=True)
                | Q(effective__isnull=True)
                | Q(introduced__lte=F("effective")),
                name="bill_introduced_before_effective",
            ),
            models.CheckConstraint(
                condition=Q(effective__isnull=True)
                | Q(expires__isnull=True)
                | Q(effective__lte=F("expires")),
                name="bill_effective_before_expires",
            ),
        ]
        indexes = [
            # The public list filters on published + status on every request.
            models.Index(fields=["is_published", "status"], name="bill_published_status_idx"),
            # "Recently updated bills" on the home page.
            models.Index(fields=["-updated_at"], name="bill_updated_idx"),
            # bill_newest_idx (sort_date DESC NULLS LAST, identifier) serves the bill list's own order
            # (in_list_order) on PostgreSQL: migration 0013, as SQLite cannot index NULLS LAST.
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.sort_date = bill_date(self)
        self.year = bill_year(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_date", "year"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("bills:bill_detail", self.slug)

    @property
    def label(self) -> str:
        """How the bill is named everywhere: "Washington SB 6280 (2020)"."""
        year = bill_year(self)  # not the stored copy, so an edit shows before it is saved
        suffix = f" ({year})" if year else ""
        return f"{self.jurisdiction.name} {self.identifier}{suffix}"

    @property
    def display_title(self) -> str:
        return self.short_title or self.title

    @property
    def is_enacted(self) -> bool:
        return self.status == Status.ENACTED

    @property
    def started(self) -> datetime.date | None:
        """The day it took effect, else the day it became law (while enacted); None if unknown."""
        if self.status == Status.ENACTED:
            return self.effective or self.status_date
        return self.effective if self.status in ENDED_STATUSES else None

    @property
    def ended(self) -> datetime.date | None:
        """The day it stops or stopped being law: its sunset, or the day it expired or was repealed."""
        if self.status in ENDED_STATUSES:
            return self.status_date or self.expires
        return self.expires if self.status == Status.ENACTED else None

    def is_in_force(self, on: datetime.date) -> bool:
        """In force on day ``on``; the same rule as in_force_q(), which lists filter on."""
        return self.standing(on).kind == Standing.IN_FORCE

    def standing(self, on: datetime.date) -> StandingOn:
        """Where the bill stands on day ``on``: in force since…, takes effect…, ended…, pending…"""
        status, year = self.status, bill_year(self)
        if status not in (Status.ENACTED, *ENDED_STATUSES):
            kind = Standing.DEAD if status in (Status.FAILED, Status.VETOED) else Standing.PENDING
            return StandingOn(kind, status, since=self.status_date or self.introduced, year=year)
        start, end = self.started, self.ended
        sunset = end is not None and end == self.expires
        if end is not None and end <= on:
            return StandingOn(Standing.ENDED, status, since=start, until=end, year=year, sunset=sunset)
        if status != Status.ENACTED and (start is None or end is None):
            return StandingOn(Standing.ENDED, status, since=start, until=end, year=year)
        if status == Status.ENACTED and self.status_date and on < self.status_date:
            return StandingOn(Standing.NOT_YET_LAW, status, since=self.status_date, year=year)
        # With no start date recorded, count it only from the year after its own: never too early.
        started = start <= on if start else (year is not None and year < on.year)
        kind = Standing.IN_FORCE if started else Standing.NOT_YET_IN_FORCE
        return StandingOn(kind, status, since=start, until=end, year=year, sunset=sunset)

    def governed_parties(self) -> list[Party]:
        """Parties its published provisions govern, derived (never stored): from with_governed_parties()
        when a list fetched them, else from its prefetched provisions."""
        if hasattr(self, "governed"):
            return self.governed
        seen: dict[int, Party] = {}
        # Filtered in Python so prefetched provisions are used as they are, and drafts never count.
        for provision in self.provisions.all():
            if not provision.is_published:
                continue
            for party in provision.parties.all():
                seen.setdefault(party.pk, party)
        return sorted(seen.values(), key=lambda p: (p.display_order, p.name))

    # The admin's bill form turns this off: its inline rows (saved after the bill) are checked instead.
    check_parts_on_clean = True

    def publishing_problems(self) -> list[str]:
        """Why this bill may not be published yet, from its saved parts; empty when it may."""
        if self.pk is None:
            return [NEEDS_SOURCE, NEEDS_PROVISION]
        problems = []
        if not self.sources.exists():
            problems.append(NEEDS_SOURCE)
        if not self.provisions.published().exists():
            problems.append(NEEDS_PROVISION)
        return problems

    def was_published(self) -> bool:
        """Whether the saved row is published (this instance may be about to change that)."""
        return self.pk is not None and Bill.objects.filter(pk=self.pk, is_published=True).exists()

    def _is_being_published(self) -> bool:
        # Only the step from draft to published: a loaded bill is created published before its parts.
        if not (self.is_published and self.pk and self.check_parts_on_clean):
            return False
        return not self.was_published()

    def clean(self) -> None:
        errors: dict[str, str | list[str]] = {}
        if self._is_being_published() and (problems := self.publishing_problems()):
            errors["is_published"] = problems
        if self.introduced and self.status_date and self.status_date < self.introduced:
            errors["status_date"] = (
                f"The status date ({self.status_date:%d %b %Y}) is before the bill was introduced "
                f"({self.introduced:%d %b %Y})."
            )
        if self.introduced and self.effective and self.effective < self.introduced:
            errors["effective"] = (
                f"The law cannot take effect ({self.effective:%d %b %Y}) before the bill was introduced "
                f"({self.introduced:%d %b %Y})."
            )
        if self.effective and self.expires and self.expires < self.effective:
            errors["expires"] = (
                f"The sunset date ({self.expires:%d %b %Y}) is before the law takes effect "
                f"({self.effective:%d %b %Y})."
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None) -> None:
        """Name the bill that already exists instead of Django's generic uniqueness message."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            duplicate = any(
                e.code in ("unique_together", "duplicate_bill")
                for e in getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
            )
            if not duplicate:
                raise
            # Named as the existing bill writes it ("SB 6280" when "sb 6280" was typed).
            existing = (
                Bill.objects.filter(
                    jurisdiction=self.jurisdiction_id,
                    session=self.session,
                    identifier__iexact=self.identifier,
                )
                .exclude(pk=self.pk)
                .values_list("identifier", flat=True)
                .first()
            )
            raise ValidationError(
                f"{self.jurisdiction} already has a bill {existing or self.identifier} in the session "
                f"“{self.session}”. Edit that bill instead of adding it twice.",
                code="duplicate_bill",
            ) from None


class Sponsor(models.Model):
    """A lawmaker or body that sponsored a bill."""

    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary sponsor"
        COSPONSOR = "cosponsor", "Co-sponsor"

    # CASCADE: a sponsor means nothing without its bill.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(
        max_length=20, blank=True, help_text='Party, e.g. "D" or "R"; blank if no source says.'
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PRIMARY)
    display_order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class Action(models.Model):
    """One step in a bill's history: introduced, passed, signed, took effect."""

    class Actor(models.TextChoices):
        NONE = "", "—"
        SENATE = "Senate"
        HOUSE = "House"
        ASSEMBLY = "Assembly"
        LEGISLATURE = "Legislature"
        COUNCIL = "Council"
        BOARD_OF_SUPERVISORS = "Board of Supervisors"
        GOVERNOR = "Governor"
        MAYOR = "Mayor"
        COUNTY_EXECUTIVE = "County Executive"
        COMMISSION = "Commission"
        PARLIAMENT = "Parliament"
        COUNCIL_OF_THE_EU = "Council of the EU"
        PARLIAMENT_AND_COUNCIL = "Parliament and Council"
        TOWN_MEETING = "Town Meeting"
        VOTERS = "Voters", "Voters (ballot measure)"
        AGENCY = "Agency", "Agency (rule-making)"

    # CASCADE: an action is part of its bill's history.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="actions")
    date = models.DateField()
    actor = models.CharField(max_length=40, choices=Actor.choices, blank=True)
    description = models.CharField(max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.description}"


class CitedPage(models.Model):
    """A web page that facts come from: its label and its address."""

    label = models.CharField(max_length=300)
    url = models.URLField("URL", max_length=1000)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class Source(CitedPage):
    """A page the facts about a bill come from."""

    # CASCADE: a source is cited by its bill only.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="sources")

    history = HistoricalRecords()

    class Meta(CitedPage.Meta):
        pass


class RelatedBillQuerySet(models.QuerySet):
    def touching(self, bill: Bill) -> RelatedBillQuerySet:
        """The links ``bill`` states and those other bills state about it, both bills joined: one query."""
        return self.filter(Q(bill=bill) | Q(other_bill=bill)).select_related(
            "bill__jurisdiction", "other_bill__jurisdiction"
        )


class RelatedBill(models.Model):
    """A link from a bill to another: amends, companion, reintroduced as…"""

    class Relation(models.TextChoices):
        AMENDS = "amends", "Amends"
        AMENDED_BY = "amended-by", "Amended by"
        COMPANION = "companion", "Companion of"
        REINTRODUCTION_OF = "reintroduction-of", "Reintroduction of"
        REINTRODUCED_AS = "reintroduced-as", "Reintroduced as"
        REPLACES = "replaces", "Replaces"
        REPLACED_BY = "replaced-by", "Replaced by"

    INVERSE = {
        Relation.AMENDS: Relation.AMENDED_BY,
        Relation.AMENDED_BY: Relation.AMENDS,
        Relation.COMPANION: Relation.COMPANION,
        Relation.REINTRODUCTION_OF: Relation.REINTRODUCED_AS,
        Relation.REINTRODUCED_AS: Relation.REINTRODUCTION_OF,
        Relation.REPLACES: Relation.REPLACED_BY,
        Relation.REPLACED_BY: Relation.REPLACES,
    }

    # CASCADE: the link belongs to the bill that states it.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="related_links")
    # SET_NULL: if the other bill is deleted, keep the link as a bare identifier.
    other_bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_links"
    )
    identifier = models.CharField(
        max_length=200,
        help_text="How to name the other bill, e.g. “SB 741 (2022)”; shown when we do not hold it.",
    )
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = RelatedBillQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(other_bill=F("bill")), name="related_bill_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.identifier}"

    def clean(self) -> None:
        if self.other_bill_id and self.other_bill_id == self.bill_id:
            raise ValidationError({"other_bill": "A bill cannot be related to itself."})


class Effect(models.TextChoices):
    """What a provision does to the parties it governs."""

    REQUIRES = "requires", "Requires"
    PROHIBITS = "prohibits", "Prohibits"
    LIMITS = "limits", "Limits"
    PERMITS = "permits", "Permits"
    EXEMPTS = "exempts", "Exempts"
    GRANTS = "grants", "Grants a right"


class Confidence(models.TextChoices):
    """How well a provision's description is backed by sources."""

    HIGH = "high", "High — read in the law's text"
    MEDIUM = "medium", "Medium — official summary or several reputable sources"
    LOW = "low", "Low — one secondary source"


class ProvisionQuerySet(OrderedQuerySet):
    """Provision queries; public pages only ever see published provisions of published bills."""

    def published(self) -> ProvisionQuerySet:
        return self.filter(is_published=True)

    def public(self) -> ProvisionQuerySet:
        return self.filter(public_provisions())

    def needing_review(self) -> ProvisionQuerySet:
        return self.filter(confidence=Confidence.LOW)

    def of_laws_in_force(self, on: datetime.date | None) -> ProvisionQuerySet:
        """Only provisions of bills in force on day ``on``; all of them when ``on`` is None."""
        return self if on is None else self.filter(in_force_q(on, prefix="bill__"))

    def for_category(self, category: Category, *, on: datetime.date | None = None) -> ProvisionQuerySet:
        """A category (topic) page: public provisions in ``category`` (of laws in force ``on``, if given)."""
        return (
            self.public()
            .of_laws_in_force(on)
            .filter(category=category)
            .as_cards()
            .prefetch_related("parties")
            .order_by("bill__jurisdiction__display_order", "bill__identifier", "display_order", "id")
        )

    def for_party(self, party: Party, *, on: datetime.date | None = None) -> ProvisionQuerySet:
        """A party page: public provisions governing ``party`` (of laws in force ``on``), in grid order."""
        return (
            self.public()
            .of_laws_in_force(on)
            .filter(parties=party)
            .as_cards()
            .select_related("category__group")
            .order_by(
                "category__group__display_order",
                "category__display_order",
                "bill__jurisdiction__display_order",
                "bill__identifier",
                "display_order",
                "id",
            )
        )

    def list_counts(self, field: str, *, on: datetime.date | None) -> dict[int, tuple[int, int]]:
        """``{pk of field: (bills, provisions)}`` over the public provisions of laws in force on ``on``
        (of every bill when None), for the topics and "who's affected" lists.

        A narrow grouped query, apart from the topics' and parties' own rows: grouping the joined wide
        rows made PostgreSQL sort 200,000 of them on disk at 10,000 bills.
        """
        rows = (
            self.public()
            .of_laws_in_force(on)
            .order_by()
            .values(field)
            .annotate(bills=Count("bill_id", distinct=True), provisions=Count("pk"))
            .values_list(field, "bills", "provisions")
        )
        return {pk: (bills, provisions) for pk, bills, provisions in rows}

    def as_cards(self) -> ProvisionQuerySet:
        """Only the columns a provision card shows, with its bill's label and standing (no wide bill text)."""
        return self.select_related("bill__jurisdiction").only(
            *PROVISION_CARD_FIELDS, *(f"bill__{name}" for name in BILL_ROW_FIELDS)
        )

    def summarised_by(self, field: str, count: int, *, count_bills: bool = False) -> list[Provision]:
        """The first ``count`` provisions for each value of ``field``, in this order, in one query.

        Each gets ``group_size`` (how many share its ``field``) and, with ``count_bills``,
        ``bill_total`` (how many bills all of them come from): a summary shows a few and says how
        many there are. The wide excerpt and detail are left out, so the window sorts narrow rows.
        """
        rows = self.defer("excerpt", "detail").annotate(
            place_in_group=Window(RowNumber(), partition_by=F(field), order_by=list(self.query.order_by)),
            group_size=Window(Count("pk"), partition_by=F(field)),
        )
        if count_bills:
            # Uncorrelated, so PostgreSQL counts once for the whole query, not once per row.
            bills = self.order_by().annotate(one=Value(1)).values("one")
            bill_total = Subquery(bills.annotate(n=Count("bill_id", distinct=True)).values("n"))
            rows = rows.annotate(bill_total=bill_total)
        return list(rows.filter(place_in_group__lte=count))

    def first_of_each_fetched(self, field: str, count: int) -> list[Provision]:
        """As summarised_by (without ``bill_total``), in two queries for many matching rows: the first
        chooses the rows from provision_keys_idx alone, the second reads only the chosen rows."""
        sizes = {pk: size for pk, size, _ in self.first_of_each([field], count)}
        rows = list(self.defer("excerpt", "detail").filter(pk__in=sizes))
        for row in rows:
            row.group_size = sizes[row.pk]
        return rows

    def for_state_map(self, *, on: datetime.date, effects) -> dict[int, set[str]]:
        """The categories each state's laws in force on ``on`` bind with ``effects``: one query."""
        rows = (
            self.public()
            .of_laws_in_force(on)
            .filter(bill__jurisdiction__level=Jurisdiction.Level.STATE, effect__in=effects)
            .order_by()
            .values_list("bill__jurisdiction_id", "category__slug")
            .distinct()
        )
        categories: dict[int, set[str]] = {}
        for state_id, category in rows:
            categories.setdefault(state_id, set()).add(category)
        return categories

    def for_grid(self, bills, party: Party | None = None) -> ProvisionQuerySet:
        """Every cell of a comparison grid in one query: the published provisions of ``bills``.

        With ``party``, only the obligations on that party. Ordered by display order so each cell
        lists its provisions as the bill page does; the bill comes along for the provision's link.
        """
        provisions = (
            self.published()
            .filter(bill__in=bills)
            .select_related("bill")
            # Only what a cell, its CSV and its API entry show (the bill's slug for the rule's link):
            # not every rule's wide text and its bill's whole row, hundreds of times on the default grid.
            .only(*GRID_PROVISION_FIELDS, "bill__slug")
            .order_by("display_order", "id")
        )
        if party is not None:
            provisions = provisions.filter(parties=party)
        return provisions


# The columns of a rule in a grid cell (ProvisionQuerySet.for_grid).
GRID_PROVISION_FIELDS = ("bill_id", "category_id", "effect", "plain", "section", "confidence")

# The columns a provision card shows (its wide excerpt and detail only where the page opens them).
PROVISION_CARD_FIELDS = (
    "bill_id", "category_id", "effect", "section", "plain", "detail", "excerpt", "confidence",
    "display_order", "is_published",
)  # fmt: skip


class Provision(models.Model):
    """One rule in a bill, mapped onto a category, an effect and the parties it governs."""

    # CASCADE: a provision is part of its bill.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="provisions")
    # PROTECT: a category with provisions in it is still a grid row.
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="provisions")
    effect = models.CharField(max_length=12, choices=Effect.choices)
    parties = models.ManyToManyField(Party, related_name="provisions", help_text="Who must comply.")
    section = models.CharField("section citation", max_length=300, blank=True)
    excerpt = models.TextField("official text excerpt", blank=True)
    plain = models.TextField(
        "plain-language summary", help_text="One or two short sentences for a general reader."
    )
    detail = models.TextField(blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.LOW)
    display_order = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)

    history = HistoricalRecords(m2m_fields=[parties])
    objects = ProvisionQuerySet.as_manager()

    class Meta:
        # bill_id, not bill: ordering by the relation would join and sort by the bill's own ordering.
        ordering = ["bill_id", "display_order", "id"]
        indexes = [
            # The grid fetches all cells for a set of bills: bill + published.
            models.Index(fields=["bill", "is_published", "display_order"], name="provision_bill_order_idx"),
            # The party page's summary (first_of_each over the provisions of the laws in force) and
            # the topic page's: each law's provisions with their topic, effect and order, read from
            # the index alone (an index-only scan), never from the wide rows.
            models.Index(
                fields=["bill", "is_published"],
                include=["id", "category", "effect", "display_order"],
                name="provision_keys_idx",
            ),
            # Staff work through the low-confidence provisions.
            models.Index(fields=["confidence"], name="provision_confidence_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.bill}: {self.category} ({self.get_effect_display().lower()})"

    def get_absolute_url(self) -> str:
        return f"{self.bill.get_absolute_url()}#provision-{self.pk}"

    @property
    def needs_review(self) -> bool:
        return self.confidence == Confidence.LOW


def with_governed_parties(bills: list[Bill]) -> list[Bill]:
    """Give each bill the parties its published provisions govern (``bill.governed``), in party order.

    One query of distinct (bill, party) pairs, rather than prefetching every provision of every bill.
    """
    pairs = (
        Provision.parties.through.objects.filter(provision__bill__in=bills, provision__is_published=True)
        .order_by("party__display_order", "party__name")
        .values_list("provision__bill_id", "party_id", "party__slug", "party__name", "party__display_order")
        .distinct()
    )
    by_bill: dict[int, list[Party]] = {bill.pk: [] for bill in bills}
    parties: dict[int, Party] = {}
    for bill_id, party_id, slug, name, order in pairs:
        if party_id not in parties:  # one Party per party, not one per bill that governs it
            parties[party_id] = Party(pk=party_id, slug=slug, name=name, display_order=order)
        by_bill[bill_id].append(parties[party_id])
    for bill in bills:
        bill.governed = by_bill[bill.pk]
    return bills


def scope_lines(text: str) -> list[str]:
    """A definition's includes or excludes as a list: one phrase per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class DefinitionQuerySet(OrderedQuerySet):
    """A law's defined terms; the first in display order is its central term."""

    def for_bills(self, bills) -> DefinitionQuerySet:
        """Every definition of ``bills`` in one query, each law's central term first."""
        return self.filter(bill__in=bills).order_by("bill_id", "display_order", "id")


class Definition(models.Model):
    """A term a law defines ("facial recognition service"): what it means, includes and leaves out.

    The first definition in display order is the law's central face-recognition term, the one the
    definitions comparison shows.
    """

    # CASCADE: a definition is part of its law.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="definitions")
    term = models.CharField(max_length=200, help_text="The term exactly as the law spells it.")
    section = models.CharField("section citation", max_length=300, blank=True)
    plain = models.TextField(
        "plain-language meaning", help_text="A few short sentences a 13-year-old can follow."
    )
    includes = models.TextField(
        blank=True, help_text="What the law expressly puts inside the term: one short phrase per line."
    )
    excludes = models.TextField(
        "leaves out", blank=True, help_text="What the law expressly leaves out: one short phrase per line."
    )
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.LOW)
    display_order = models.PositiveIntegerField(
        default=0, help_text="The first term is the law's central one, shown in the comparison."
    )
    # No unique (bill, term) constraint: the loader matches rows by position, and swapping two
    # terms would collide part-way through; the loader refuses a file that repeats a term instead.

    history = HistoricalRecords()
    objects = DefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["bill_id", "display_order", "id"]
        indexes = [
            # The comparison and the bill page fetch a set of bills' definitions in display order.
            models.Index(fields=["bill", "display_order"], name="definition_bill_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.bill}: {self.term}"

    def get_absolute_url(self) -> str:
        return f"{self.bill.get_absolute_url()}#definition-{self.pk}"

    @property
    def included(self) -> list[str]:
        return scope_lines(self.includes)

    @property
    def excluded(self) -> list[str]:
        return scope_lines(self.excludes)


class DefinitionSource(CitedPage):
    """A page a law's definitions come from (kept apart from the sources of its rules)."""

    # CASCADE: cited by its law's definitions only.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="definition_sources")

    history = HistoricalRecords()

    class Meta(CitedPage.Meta):
        pass


class Frequency(models.TextChoices):
    """How often a follower gets a digest."""

    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class SubscriptionQuerySet(models.QuerySet):
    """Follow-by-email requests: confirmed ones get digests, stale unconfirmed ones are deleted."""

    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment: datetime.datetime) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True, requested_at__lt=moment)

    def for_target(self, target) -> SubscriptionQuerySet:
        """Subscriptions to one bill, category or jurisdiction."""
        return self.filter(**{Subscription.field_for(target): target})


# The fields a subscription names what it follows with; exactly one is set.
FOLLOWABLE_FIELDS = ("bill", "category", "jurisdiction")


class Subscription(models.Model):
    """One address following one bill, topic (category) or place (jurisdiction) by email.

    Only what the privacy page lists is kept: the address, what it follows, how often, the two
    link tokens, and the dates that decide what to send and when to delete an unconfirmed request.
    """

    email = models.EmailField(max_length=254)
    # CASCADE on all three: with the thing followed gone, there is nothing left to follow.
    bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY)
    confirm_token = models.CharField(max_length=64, unique=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Every change up to this moment has been sent (or came before the follower confirmed).
    sent_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="subscription_follows_one_thing",
                condition=(
                    Q(bill__isnull=False, category__isnull=True, jurisdiction__isnull=True)
                    | Q(bill__isnull=True, category__isnull=False, jurisdiction__isnull=True)
                    | Q(bill__isnull=True, category__isnull=True, jurisdiction__isnull=False)
                ),
            ),
            # One subscription per address and thing followed: asking again updates it.
            *(
                models.UniqueConstraint(
                    fields=["email", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"subscription_{name}_once",
                )
                for name in FOLLOWABLE_FIELDS
            ),
        ]
        indexes = [
            # send_alerts walks the confirmed subscriptions; the clean-up finds stale unconfirmed ones.
            models.Index(fields=["confirmed_at", "requested_at"], name="subscription_confirmed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} follows {self.target}"

    @classmethod
    def field_for(cls, target) -> str:
        """The field that holds ``target``: "bill", "category" or "jurisdiction"."""
        return {Bill: "bill", Category: "category", Jurisdiction: "jurisdiction"}[type(target)]

    @property
    def target(self):
        """The bill, category or jurisdiction followed."""
        return self.bill or self.category or self.jurisdiction

    @property
    def target_name(self) -> str:
        """What is followed, as a reader says it: "Washington SB 6280 (2020)", "the topic …"."""
        if self.category_id:
            return f"the topic “{self.category.name}”"
        return str(self.target)
