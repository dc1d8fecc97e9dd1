"""Staff admin: bills with their parts inline, provisions of their own, every edit kept and revertible."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import clock
from .admin_forms import (
    REASON_FIELD,
    BillAdminForm,
    ProvisionsFormSet,
    SourcesFormSet,
    with_reason,
)
from .admin_guards import AdminGuardsMixin, FormFieldGuardsMixin, HistoryGuardsMixin, check_object_id
from .cache import content_changed
from .concurrency import EditConflictAdminMixin, versioned
from .forms import ProvisionAdminForm
from .history import Names, bill_history, field_changes, revert_reason
from .models import (
    Action,
    Bill,
    Category,
    CategoryGroup,
    Confidence,
    Definition,
    DefinitionSource,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
    Subscription,
)
from .readability import GRADE_LIMIT, hard_ids, read, reading_grade
from .review import review_queue

# The plain-language texts of each kind, whose reading grade the admin reports on save.
PLAIN_FIELDS = {Bill: ["plain_summary"], Provision: ["plain"], Definition: ["plain"]}


def followers(field: str):
    """Confirmed subscriptions to each row, as a subquery so it multiplies no other count."""
    counts = (
        Subscription.objects.confirmed()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@admin.display(description="Followers", ordering="_followers")
def follower_count(obj) -> int:
    """How many people follow it by email (confirmed); staff see the number, never the addresses."""
    return obj._followers


def report_reading(model_admin, request, obj, form) -> None:
    """Tell the editor the reading grade of each plain-language text they just saved."""
    for name in PLAIN_FIELDS.get(type(obj), []):
        if name not in form.changed_data:
            continue
        label = str(obj._meta.get_field(name).verbose_name).capitalize()
        reading = read(getattr(obj, name))
        if reading is None:
            continue
        if reading.too_hard:
            model_admin.message_user(
                request,
                f"{label} of “{obj}” reads at grade {reading.grade}; aim for grade {GRADE_LIMIT} or below. "
                f"Hardest sentence (grade {reading.hardest_grade}): “{reading.hardest}”",
                messages.WARNING,
            )
        else:
            model_admin.message_user(request, f"{label} of “{obj}” reads at grade {reading.grade}.")


class ChangeReasonAdminMixin:
    """Every save and revert asks why, and keeps the answer in the history; reverts say so."""

    object_history_form_template = "admin/history_revert_form.html"

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", with_reason(versioned(self.form)))
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, ("Why you made this change", {"fields": [REASON_FIELD]})]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Remembered for the form (a version's own parties) and the save (the revert's reason).
        request.history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def chosen_version(self, request):
        version_id = getattr(request, "history_version_id", None)
        if version_id is None:
            return None
        return self.model.history.filter(history_id=version_id).first()

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(REASON_FIELD, "")
        version = self.chosen_version(request)
        if version is not None:
            reason = revert_reason(version, reason)
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)
        report_reading(self, request, obj, form)

    def save_related(self, request, form, formsets, change):
        # The one reason covers the parts saved with the bill: each of their history rows keeps it.
        reason = form.cleaned_data.get(REASON_FIELD, "")
        if reason:
            for formset in formsets:
                for inline_form in formset.forms:
                    inline_form.instance._change_reason = reason
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for inline_form in formset.forms:
                if inline_form.instance.pk and not formset._should_delete_form(inline_form):
                    report_reading(self, request, inline_form.instance, inline_form)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each row's complete changes against the row before it (word by word for long texts)."""
        names, newer = Names(), None
        for older in historical_records:
            if newer is not None and newer.history_type == "~":
                newer.field_changes = field_changes(self.model, newer, older, names)
            newer = older

    def render_history_view(self, request, template, context, **kwargs):
        version = self.chosen_version(request)
        if template == self.object_history_form_template and version is not None:
            current = self.model.history.filter(id=version.id).order_by("-history_id").first()
            context["revert_changes"] = field_changes(self.model, version, current)
            context["version"] = version
        return super().render_history_view(request, template, context, **kwargs)


class HistoryAdmin(ChangeReasonAdminMixin, EditConflictAdminMixin, HistoryGuardsMixin, SimpleHistoryAdmin):
    """A bill or bill part: refuses saves over a newer version; 4xx, not 500, for bad ids and dates."""


class CountColumnsMixin:
    """Changelist columns that count related rows, annotated once in the changelist's query.

    ``counted`` maps a column name to (relation, heading, filter or None).
    """

    counted: dict[str, tuple[str, str, Q | None]] = {}
    # The Subscription field naming these rows, for the Followers column (follower_count).
    followed_as: str | None = None

    def get_queryset(self, request):
        counts = {
            f"_{name}": Count(relation, filter=where) for name, (relation, _, where) in self.counted.items()
        }
        if self.followed_as:
            counts["_followers"] = followers(self.followed_as)
        return super().get_queryset(request).annotate(**counts).in_default_order()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, (_, heading, _where) in cls.counted.items():
            setattr(cls, name, count_column(name, heading))


def count_column(name: str, heading: str):
    """A sortable column showing the annotation CountColumnsMixin made for ``name``."""

    @admin.display(description=heading, ordering=f"_{name}")
    def column(self, obj) -> int:
        return getattr(obj, f"_{name}")

    column.__name__ = name
    return column


class GuardedAdmin(AdminGuardsMixin, admin.ModelAdmin):
    """ModelAdmin for the reference lists, with the same guards against bad input."""


admin.site.site_header = "Face Recognition Law Tracker — staff"
admin.site.site_title = "FRT Law Tracker staff"
admin.site.index_title = "Keep bills and provisions current"


class ProvisionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.StackedInline):
    """A bill's provisions, each folded to one line (topic, effect, parties, first words) until opened."""

    model = Provision
    form = ProvisionAdminForm
    formset = ProvisionsFormSet
    template = "admin/bills/provision/collapsed_stacked.html"
    extra = 0
    autocomplete_fields = ["parties", "category"]
    fieldsets = [
        ("What it does", {"fields": [("category", "effect"), "parties", "plain"]}),
        ("Where it comes from", {"fields": [("section", "confidence"), "excerpt", "detail"]}),
        ("Order and publishing", {"fields": [("display_order", "is_published")]}),
    ]
    show_change_link = True

    def get_queryset(self, request):
        # The folded line names the topic and parties: fetched with the rows, not one query each.
        return super().get_queryset(request).select_related("category").prefetch_related("parties")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A rule added to a bill the public already sees starts as a draft.
        formset.form.base_fields["is_published"].initial = not (obj is not None and obj.is_published)
        return formset


class SponsorInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Sponsor
    extra = 0
    # Folded (a <details>, no script) so the provisions and key facts come first.
    classes = ["collapse"]
    fields = ["name", "affiliation", "role", "display_order"]


class ActionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Action
    extra = 0
    # Folded (a <details>, no script) so the provisions and key facts come first.
    classes = ["collapse"]
    fields = ["date", "actor", "description"]


# Django 6 assumes https for a URL typed without a scheme; say so now for sources.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# In a bill's list of sources, one line per source: the admin's own URL box adds a second line
# ("Currently: <the whole address>") that made a long list twice as tall and wider than the screen.
ONE_LINE_URLS = {models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 60})}}


class SourceInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Source
    formset = SourcesFormSet
    formfield_overrides = ONE_LINE_URLS
    extra = 0
    fields = ["label", "url"]


class RelatedBillInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = RelatedBill
    fk_name = "bill"
    extra = 0
    # Folded (a <details>, no script) so the provisions and key facts come first.
    classes = ["collapse"]
    autocomplete_fields = ["other_bill"]
    fields = ["relation", "other_bill", "identifier", "note"]


# Includes and leaves-out lists are edited one phrase per line; a few rows are enough for most.
SHORT_LISTS = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class DefinitionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.StackedInline):
    model = Definition
    formfield_overrides = SHORT_LISTS
    extra = 0
    # Folded (a <details>, no script) so the provisions and key facts come first.
    classes = ["collapse"]
    fields = [("term", "section"), "plain", ("includes", "excludes"), ("confidence", "display_order")]
    show_change_link = True
    verbose_name = "defined term"
    verbose_name_plural = "defined terms (the first is the law's central term)"


class DefinitionSourceInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = DefinitionSource
    formfield_overrides = ONE_LINE_URLS
    extra = 0
    # Folded (a <details>, no script) so the provisions and key facts come first.
    classes = ["collapse"]
    fields = ["label", "url"]
    verbose_name = "source of the definitions"
    verbose_name_plural = "sources of the definitions"


class DraftsFilter(admin.SimpleListFilter):
    """Drafts (unseen by the public) or published ones."""

    title = "drafts"
    parameter_name = "publishing"

    def lookups(self, request, model_admin):
        return [("draft", "Drafts"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() in ("draft", "published"):
            return queryset.filter(is_published=self.value() == "published")
        return queryset


class HardToReadFilter(admin.SimpleListFilter):
    """Plain-language texts above grade 8, by their Flesch-Kincaid grade (worked out in Python)."""

    title = "reading level"
    parameter_name = "reading"

    def lookups(self, request, model_admin):
        return [("hard", f"Hard to read (above grade {GRADE_LIMIT})")]

    def queryset(self, request, queryset):
        if self.value() != "hard":
            return queryset
        field = PLAIN_FIELDS[queryset.model][0]
        return queryset.filter(pk__in=hard_ids(queryset.order_by().values_list("pk", field)))


class FactsCheckedFilter(admin.SimpleListFilter):
    title = "facts checked"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", "More than a year ago, or never")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.facts_stale(on=clock.today())
        return queryset


class SunsetFilter(admin.SimpleListFilter):
    title = "sunset"
    parameter_name = "sunset"

    def lookups(self, request, model_admin):
        return [("passed", "Sunset passed, still marked enacted")]

    def queryset(self, request, queryset):
        if self.value() == "passed":
            return queryset.sunset_passed(on=clock.today())
        return queryset


def titled(filter_class, title: str):
    """``filter_class`` under a staff word instead of the field's name ("place", not "jurisdiction")."""

    def __init__(self, *args, **kwargs):
        filter_class.__init__(self, *args, **kwargs)
        self.title = title

    return type(f"Titled{filter_class.__name__}", (filter_class,), {"__init__": __init__})


@admin.register(Bill)
class BillAdmin(CountColumnsMixin, HistoryAdmin):
    counted = {"provision_count": ("provisions", "Provisions", None)}
    followed_as = "bill"
    form = BillAdminForm
    list_display = [
        "identifier",
        "place",
        "display_title",
        "status",
        "status_date",
        "provision_count",
        follower_count,
        "grade",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["identifier", "display_title"]
    list_filter = [
        "status",
        DraftsFilter,
        HardToReadFilter,
        FactsCheckedFilter,
        SunsetFilter,
        "coverage",
        ("jurisdiction__level", titled(admin.ChoicesFieldListFilter, "level of government")),
        ("jurisdiction", titled(admin.RelatedFieldListFilter, "place")),
    ]
    list_select_related = ["jurisdiction"]
    search_fields = ["identifier", "title", "short_title", "summary", "plain_summary", "slug"]
    autocomplete_fields = ["jurisdiction"]
    date_hierarchy = "introduced"
    save_on_top = True
    readonly_fields = ["summary_reading", "created_at", "updated_at"]
    inlines = [
        ProvisionInline,
        SponsorInline,
        ActionInline,
        SourceInline,
        RelatedBillInline,
        DefinitionInline,
        DefinitionSourceInline,
    ]
    actions = ["publish", "unpublish", "mark_checked_today"]
    fieldsets = [
        ("The bill", {"fields": [("jurisdiction", "identifier"), "session", "short_title", "title"]}),
        (
            "Where it stands",
            {"fields": [("status", "status_date"), ("introduced", "effective", "expires"), "codified_as"]},
        ),
        ("What it does, in plain words", {"fields": ["plain_summary", "summary_reading", "summary"]}),
        ("How complete and how fresh", {"fields": [("coverage", "checked")]}),
        ("On the public site", {"fields": ["is_published", "slug"]}),
        (
            "Staff notes (never shown to the public)",
            {"fields": ["research_notes", "definition_notes"], "classes": ["collapse"]},
        ),
        ("Record", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "history_version_id", None) is None:
            return form
        # A revert saves no inline rows, so the bill's own publishing check applies.
        return type(form.__name__, (form,), {"parts_checked_by_inlines": False})

    def get_urls(self):
        review = path("review/", self.admin_site.admin_view(self.review_view), name="bills_bill_review")
        return [review, *super().get_urls()]

    def review_view(self, request):
        """The review queue: what needs an editor's attention, each a link to the filtered list."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue",
            "subtitle": None,
            "items": review_queue(on=clock.today()),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """The bill's whole history: its own edits and its parts', newest first, with every change."""
        check_object_id(Bill, object_id)
        bill = Bill.objects.select_related("jurisdiction").filter(pk=unquote(object_id)).first()
        if bill is None or not self.has_view_or_change_permission(request, bill):
            return super().history_view(request, object_id, extra_context)
        page = Paginator(bill_history(bill), self.history_list_per_page).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {bill}",
            "subtitle": None,
            "object": bill,
            "opts": Bill._meta,
            "module_name": "Bills",
            "app_label": "bills",
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "revert_disabled": self.revert_disabled(request, bill),
        }
        return TemplateResponse(request, "admin/bills/bill/bill_history.html", context)

    @admin.display(description="Place", ordering="jurisdiction__name")
    def place(self, bill: Bill) -> str:
        return bill.jurisdiction.name

    @admin.display(description="Title")
    def display_title(self, bill: Bill) -> str:
        return bill.display_title[:80]

    @admin.display(description="Reading grade")
    def grade(self, bill: Bill):
        return self.show_grade(bill.plain_summary)

    @staticmethod
    def show_grade(text: str):
        """A changelist cell: the grade, marked when it is above the limit."""
        grade = reading_grade(text)
        if grade is None:
            return "—"
        if grade > GRADE_LIMIT:
            return format_html('<span class="reading-hard">{} (hard)</span>', grade)
        return grade

    @admin.display(description="Reading grade of the plain-language summary")
    def summary_reading(self, bill: Bill) -> str:
        reading = read(bill.plain_summary)
        if reading is None:
            return "Write a summary to see its reading grade."
        if reading.too_hard:
            return (
                f"Grade {reading.grade}: too hard for most readers (aim for {GRADE_LIMIT} or below). "
                f"Hardest sentence: “{reading.hardest}”"
            )
        return f"Grade {reading.grade}: easy enough (grade {GRADE_LIMIT} or below)."

    def _set_published(self, request, queryset, value: bool) -> None:
        # Saved one by one (not queryset.update) so each change lands in the edit history.
        changed, refused = 0, []
        for bill in queryset.exclude(is_published=value).select_related("jurisdiction"):
            if value and (problems := bill.publishing_problems()):
                refused.append(f"{bill} was not published. {' '.join(problems)}")
                continue
            bill.is_published = value
            bill._change_reason = "Published" if value else "Unpublished"
            bill.save(update_fields=["is_published", "updated_at"])
            changed += 1
        # The saves bump the page cache's version already; said here too, so that a switch to
        # queryset.update() (which sends no signal) could never leave a page showing the old state.
        content_changed()
        verb = "published" if value else "unpublished"
        self.message_user(request, f"{changed} bill(s) {verb}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="Publish selected bills", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected bills (hide from the public)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    @admin.action(description="Mark facts checked today", permissions=["change"])
    def mark_checked_today(self, request, queryset):
        # Saved one by one so each bill's history says who checked it, and when.
        today = timezone.localdate()
        changed = 0
        for bill in queryset.exclude(checked=today):
            bill.checked = today
            bill._change_reason = "Facts checked against the sources"
            bill.save(update_fields=["checked", "updated_at"])
            changed += 1
        self.message_user(
            request, f"{changed} bill(s) marked as checked on {today:%-d %B %Y}.", messages.SUCCESS
        )


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("needed", "Needs review (low confidence)"), ("done", "Medium or high confidence")]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.filter(confidence=Confidence.LOW)
        if self.value() == "done":
            return queryset.exclude(confidence=Confidence.LOW)
        return queryset


@admin.register(Provision)
class ProvisionAdmin(HistoryAdmin):
    form = ProvisionAdminForm

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Each row's diff compares its parties with the row before: fetched once, not per row.
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.prefetch_related("historicalprovision_parties_set")

    list_display = ["short_plain", "bill", "category", "effect", "confidence", "grade", "is_published"]
    list_filter = [
        NeedsReviewFilter,
        DraftsFilter,
        HardToReadFilter,
        "confidence",
        "effect",
        "category__group",
        "category",
        "parties",
        ("bill__jurisdiction", titled(admin.RelatedFieldListFilter, "place")),
    ]
    list_select_related = ["bill__jurisdiction", "category"]
    search_fields = ["plain", "detail", "section", "bill__identifier", "bill__title", "bill__short_title"]
    autocomplete_fields = ["bill", "category", "parties"]
    save_on_top = True
    actions = ["mark_reviewed_high", "mark_reviewed_medium"]
    fieldsets = [
        ("What it does", {"fields": ["bill", ("category", "effect"), "parties", "plain"]}),
        ("Where it comes from", {"fields": [("section", "confidence"), "excerpt", "detail"]}),
        ("Order and publishing", {"fields": [("display_order", "is_published")]}),
    ]

    def get_changeform_initial_data(self, request):
        # A new rule is a draft unless it is added to a bill the public does not see yet.
        initial = super().get_changeform_initial_data(request)
        bill = Bill.objects.filter(pk=initial.get("bill")).first() if initial.get("bill") else None
        initial.setdefault("is_published", bill is not None and not bill.is_published)
        return initial

    @admin.display(description="Reading grade")
    def grade(self, provision: Provision):
        return BillAdmin.show_grade(provision.plain)

    def get_form(self, request, obj=None, **kwargs):
        """On a history page, show the version's own parties (simple-history shows today's)."""
        form_class = super().get_form(request, obj, **kwargs)
        version_id = getattr(request, "history_version_id", None)
        if version_id is None or request.method != "GET":
            return form_class
        version = Provision.history.filter(history_id=version_id).first()
        if version is None:
            return form_class
        party_ids = list(version.parties.values_list("party_id", flat=True))

        class VersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial["parties"] = party_ids

        return VersionForm

    @admin.display(description="Plain-language summary")
    def short_plain(self, provision: Provision) -> str:
        text = provision.plain
        return text if len(text) <= 90 else text[:89] + "…"

    def _raise_confidence(self, request, queryset, level: str, reason: str) -> None:
        # Only ever raises: "reviewed (medium)" on a provision already read in the law's text
        # must not lower it. One save per provision so the history says who raised it, and when.
        ranks = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
        lower = ranks[: ranks.index(level)]
        changed = 0
        for provision in queryset.filter(confidence__in=lower):
            provision.confidence = level
            provision._change_reason = reason
            provision.save(update_fields=["confidence"])
            changed += 1
        self.message_user(request, f"{changed} provision(s) marked {level} confidence.", messages.SUCCESS)

    @admin.action(
        description="Reviewed: checked against the law's text (high confidence)", permissions=["change"]
    )
    def mark_reviewed_high(self, request, queryset):
        self._raise_confidence(request, queryset, Confidence.HIGH, "Reviewed against the law's text")

    @admin.action(
        description="Reviewed: backed by an official summary or several sources (medium)",
        permissions=["change"],
    )
    def mark_reviewed_medium(self, request, queryset):
        self._raise_confidence(request, queryset, Confidence.MEDIUM, "Reviewed against official summaries")


@admin.register(Sponsor)
class SponsorAdmin(HistoryAdmin):
    list_display = ["name", "affiliation", "role", "bill"]
    list_select_related = ["bill__jurisdiction"]
    search_fields = ["name", "bill__identifier"]
    autocomplete_fields = ["bill"]
    list_filter = ["role"]


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["date", "actor", "description", "bill"]
    list_select_related = ["bill__jurisdiction"]
    search_fields = ["description", "bill__identifier"]
    autocomplete_fields = ["bill"]
    list_filter = ["actor"]
    date_hierarchy = "date"


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["label", "url", "bill"]
    list_select_related = ["bill__jurisdiction"]
    search_fields = ["label", "url", "bill__identifier"]
    autocomplete_fields = ["bill"]


@admin.register(RelatedBill)
class RelatedBillAdmin(HistoryAdmin):
    list_display = ["bill", "relation", "identifier", "other_bill"]
    list_select_related = ["bill__jurisdiction", "other_bill__jurisdiction"]
    search_fields = ["identifier", "bill__identifier", "note"]
    autocomplete_fields = ["bill", "other_bill"]
    list_filter = ["relation"]


@admin.register(Definition)
class DefinitionAdmin(HistoryAdmin):
    formfield_overrides = SHORT_LISTS
    list_display = ["term", "bill", "section", "confidence", "display_order"]
    list_select_related = ["bill__jurisdiction"]
    list_filter = ["confidence", "bill__jurisdiction__level"]
    search_fields = ["term", "plain", "includes", "excludes", "section", "bill__identifier"]
    autocomplete_fields = ["bill"]
    fields = ["bill", ("term", "section"), "plain", ("includes", "excludes"), ("confidence", "display_order")]


# A definitions source is kept and edited exactly like a rule's source.
admin.site.register(DefinitionSource, SourceAdmin)


@admin.register(Jurisdiction)
class JurisdictionAdmin(CountColumnsMixin, GuardedAdmin):
    counted = {"bill_count": ("bills", "Bills", None)}
    followed_as = "jurisdiction"
    list_display = ["name", "level", "abbreviation", "parent", "bill_count", follower_count]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Party)
class PartyAdmin(CountColumnsMixin, GuardedAdmin):
    counted = {"provision_count": ("provisions", "Provisions", None)}
    list_display = ["name", "slug", "display_order", "provision_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CategoryGroup)
class CategoryGroupAdmin(GuardedAdmin):
    list_display = ["name", "slug", "display_order"]
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(CountColumnsMixin, GuardedAdmin):
    counted = {
        "provision_count": ("provisions", "Provisions", None),
        "low_confidence_count": (
            "provisions",
            "Needing review",
            Q(provisions__confidence=Confidence.LOW),
        ),
    }
    followed_as = "category"
    list_display = [
        "name",
        "group",
        "display_order",
        "provision_count",
        "low_confidence_count",
        follower_count,
    ]
    list_per_page = 50
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Subscription)
class SubscriptionAdmin(GuardedAdmin):
    """Follow-by-email subscriptions: addresses are personal data, so only superusers see this list."""

    list_display = ["email", "target_name", "frequency", "requested_at", "confirmed_at", "last_sent_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["bill__jurisdiction", "category", "jurisdiction"]
    search_fields = ["email"]
    # Made by the follow form; a superuser may only look, or delete one when someone asks.
    readonly_fields = [
        "email",
        "bill",
        "category",
        "jurisdiction",
        "frequency",
        "requested_at",
        "confirmed_at",
        "sent_until",
        "last_sent_at",
    ]
    exclude = ["confirm_token", "unsubscribe_token"]

    @admin.display(description="Follows")
    def target_name(self, subscription: Subscription) -> str:
        return subscription.target_name

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser
