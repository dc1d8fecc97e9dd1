"""Staff admin: bills with their parts inline, provisions of their own, every edit kept and revertible."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .admin_guards import AdminGuardsMixin, FormFieldGuardsMixin, HistoryGuardsMixin
from .cache import content_changed
from .concurrency import EditConflictAdminMixin
from .forms import ProvisionAdminForm
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
)


class HistoryAdmin(EditConflictAdminMixin, HistoryGuardsMixin, SimpleHistoryAdmin):
    """A bill or bill part: refuses saves over a newer version; 4xx, not 500, for bad ids and dates."""


class GuardedAdmin(AdminGuardsMixin, admin.ModelAdmin):
    """ModelAdmin for the reference lists, with the same guards against bad input."""


admin.site.site_header = "Face Recognition Law Tracker — staff"
admin.site.site_title = "FRT Law Tracker staff"
admin.site.index_title = "Keep bills and provisions current"


class ProvisionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.StackedInline):
    model = Provision
    form = ProvisionAdminForm
    extra = 0
    autocomplete_fields = ["parties", "category"]
    fields = [
        ("category", "effect", "confidence"),
        "parties",
        "plain",
        ("section", "display_order", "is_published"),
        "detail",
        "excerpt",
    ]
    show_change_link = True


class SponsorInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Sponsor
    extra = 0
    fields = ["name", "affiliation", "role", "display_order"]


class ActionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["date", "actor", "description"]


# Django 6 assumes https for a URL typed without a scheme; say so now for sources.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class SourceInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = Source
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["label", "url"]


class RelatedBillInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = RelatedBill
    fk_name = "bill"
    extra = 0
    autocomplete_fields = ["other_bill"]
    fields = ["relation", "other_bill", "identifier", "note"]


# Includes and leaves-out lists are edited one phrase per line; a few rows are enough for most.
SHORT_LISTS = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class DefinitionInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.StackedInline):
    model = Definition
    formfield_overrides = SHORT_LISTS
    extra = 0
    fields = [("term", "section"), "plain", ("includes", "excludes"), ("confidence", "display_order")]
    show_change_link = True
    verbose_name = "defined term"
    verbose_name_plural = "defined terms (the first is the law's central term)"


class DefinitionSourceInline(EditConflictAdminMixin, FormFieldGuardsMixin, admin.TabularInline):
    model = DefinitionSource
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["label", "url"]
    verbose_name = "source of the definitions"
    verbose_name_plural = "sources of the definitions"


@admin.register(Bill)
class BillAdmin(HistoryAdmin):
    list_display = [
        "identifier",
        "jurisdiction",
        "display_title",
        "status",
        "status_date",
        "provision_count",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["identifier", "display_title"]
    list_filter = ["status", "is_published", "coverage", "jurisdiction__level", "jurisdiction"]
    list_select_related = ["jurisdiction"]
    search_fields = ["identifier", "title", "short_title", "summary", "plain_summary", "slug"]
    prepopulated_fields = {"slug": ["identifier"]}
    autocomplete_fields = ["jurisdiction"]
    date_hierarchy = "introduced"
    save_on_top = True
    readonly_fields = ["created_at", "updated_at"]
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
        (None, {"fields": ["jurisdiction", "identifier", "slug", "title", "short_title", "session"]}),
        (
            "Status",
            {"fields": ["status", "status_date", "introduced", "effective", "expires", "codified_as"]},
        ),
        ("Summaries", {"fields": ["plain_summary", "summary"]}),
        ("How complete and how fresh", {"fields": ["coverage", "checked"]}),
        (
            "Staff only",
            {"fields": ["research_notes", "definition_notes", "is_published", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        # Grouped queries drop Meta.ordering, so it is restated (autocomplete pages need an order).
        queryset = super().get_queryset(request).annotate(_provision_count=Count("provisions"))
        return queryset.in_default_order()

    @admin.display(description="Title")
    def display_title(self, bill: Bill) -> str:
        return bill.display_title[:80]

    @admin.display(description="Provisions", ordering="_provision_count")
    def provision_count(self, bill: Bill) -> int:
        return bill._provision_count

    def _set_published(self, request, queryset, value: bool) -> None:
        # Saved one by one (not queryset.update) so each change lands in the edit history.
        changed = 0
        for bill in queryset.exclude(is_published=value):
            bill.is_published = value
            bill._change_reason = "Published" if value else "Unpublished"
            bill.save(update_fields=["is_published", "updated_at"])
            changed += 1
        # The saves bump the page cache's version already; said here too, so that a switch to
        # queryset.update() (which sends no signal) could never leave a page showing the old state.
        content_changed()
        verb = "published" if value else "unpublished"
        self.message_user(request, f"{changed} bill(s) {verb}.", messages.SUCCESS)

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
    list_display = ["short_plain", "bill", "category", "effect", "confidence", "is_published"]
    list_filter = [
        NeedsReviewFilter,
        "confidence",
        "effect",
        "category__group",
        "category",
        "parties",
        "bill__jurisdiction",
        "is_published",
    ]
    list_select_related = ["bill__jurisdiction", "category"]
    search_fields = ["plain", "detail", "section", "bill__identifier", "bill__title", "bill__short_title"]
    autocomplete_fields = ["bill", "category", "parties"]
    save_on_top = True
    actions = ["mark_reviewed_high", "mark_reviewed_medium"]
    fields = [
        "bill",
        ("category", "effect"),
        "parties",
        "plain",
        "detail",
        "section",
        "excerpt",
        ("confidence", "display_order", "is_published"),
    ]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Remembered for get_form, which pre-fills the parties the old version governed.
        request.history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

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
class JurisdictionAdmin(GuardedAdmin):
    list_display = ["name", "level", "abbreviation", "parent", "bill_count"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_bill_count=Count("bills")).in_default_order()

    @admin.display(description="Bills", ordering="_bill_count")
    def bill_count(self, jurisdiction: Jurisdiction) -> int:
        return jurisdiction._bill_count


@admin.register(Party)
class PartyAdmin(GuardedAdmin):
    list_display = ["name", "slug", "display_order", "provision_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_provision_count=Count("provisions")).in_default_order()

    @admin.display(description="Provisions", ordering="_provision_count")
    def provision_count(self, party: Party) -> int:
        return party._provision_count


@admin.register(CategoryGroup)
class CategoryGroupAdmin(GuardedAdmin):
    list_display = ["name", "slug", "display_order"]
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(GuardedAdmin):
    list_display = ["name", "group", "display_order", "provision_count", "low_confidence_count"]
    list_per_page = 50
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _provision_count=Count("provisions"),
                _low_count=Count("provisions", filter=Q(provisions__confidence=Confidence.LOW)),
            )
            .in_default_order()
        )

    @admin.display(description="Provisions", ordering="_provision_count")
    def provision_count(self, category: Category) -> int:
        return category._provision_count

    @admin.display(description="Needing review", ordering="_low_count")
    def low_confidence_count(self, category: Category) -> int:
        return category._low_count
