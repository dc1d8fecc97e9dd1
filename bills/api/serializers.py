"""How each public object looks in the API: slugs as identifiers, ISO 8601 dates, links to the pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Bill, Category, Jurisdiction, Party, Provision, Standing
from ..presentation import standing_text
from ..views.pages import related_links


def absolute(request, path: str) -> str:
    """A full address for ``path``, so a client can follow it as it is."""
    return request.build_absolute_uri(path) if request is not None else path


class PageLinkField(serializers.Field):
    """The object's public page, as a full address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


extend_schema_field({"type": "string", "format": "uri"})(PageLinkField)


class JurisdictionSerializer(serializers.ModelSerializer):
    """A place that makes law, with the place it is part of and the places inside it."""

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    children = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    page = PageLinkField()

    class Meta:
        model = Jurisdiction
        fields = ["slug", "name", "level", "abbreviation", "country", "parent", "children", "page"]


class CategorySerializer(serializers.ModelSerializer):
    """A topic: one row of the comparison grid, under its heading."""

    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    page = PageLinkField()

    class Meta:
        model = Category
        fields = ["slug", "name", "group", "group_name", "description", "plain", "page"]


class PartySerializer(serializers.ModelSerializer):
    """Who a rule governs."""

    page = PageLinkField()

    class Meta:
        model = Party
        fields = ["slug", "name", "description", "plain", "page"]


class StandingSerializer(serializers.Serializer):
    """Where a bill stands on the day asked about, in words and as dates."""

    kind = serializers.ChoiceField(choices=Standing.choices)
    text = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)


class StandingField(serializers.Field):
    """A bill's standing on the serializer's ``day`` (the request's ``on``, else today)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, bill: Bill) -> dict:
        standing = bill.standing(self.context["day"])
        return {
            "kind": standing.kind.value,
            "text": standing_text(standing),
            "since": _iso(standing.since),
            "until": _iso(standing.until),
        }


extend_schema_field(StandingSerializer)(StandingField)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


class BillColumnSerializer(serializers.ModelSerializer):
    """A bill's name, place, dates and standing: a grid column, and the start of every bill."""

    jurisdiction = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    label = serializers.CharField(read_only=True)
    standing = StandingField()
    page = PageLinkField()
    detail = serializers.SerializerMethodField()

    class Meta:
        model = Bill
        fields = [
            "slug",
            "identifier",
            "label",
            "title",
            "short_title",
            "jurisdiction",
            "session",
            "status",
            "status_date",
            "introduced",
            "effective",
            "expires",
            "year",
            "standing",
            "coverage",
            "checked",
            "page",
            "detail",
        ]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_detail(self, bill: Bill) -> str:
        return absolute(self.context.get("request"), reverse("api:bill-detail", args=[bill.slug]))


class BillSerializer(BillColumnSerializer):
    """A bill as the list shows it, with whom its published rules govern (from prefetched rules)."""

    parties = serializers.SerializerMethodField()

    class Meta(BillColumnSerializer.Meta):
        fields = [*BillColumnSerializer.Meta.fields, "parties"]

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_parties(self, bill: Bill) -> list[str]:
        return [party.slug for party in bill.governed_parties()]


class ProvisionSerializer(serializers.ModelSerializer):
    """One rule of a bill: its topic, what it does, whom it governs, where it is, how sure we are."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parties = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    page = PageLinkField()

    class Meta:
        model = Provision
        fields = [
            "id",
            "category",
            "effect",
            "parties",
            "section",
            "excerpt",
            "plain",
            "detail",
            "confidence",
            "page",
        ]


class SponsorSerializer(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField()
    role = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    date = serializers.DateField()
    actor = serializers.CharField()
    description = serializers.CharField()


class SourceSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class RelatedSerializer(serializers.Serializer):
    """A link to another bill; ``bill`` is its slug when we publish it, else null."""

    relation = serializers.CharField(source="relation_label")
    identifier = serializers.CharField()
    bill = serializers.SerializerMethodField()
    note = serializers.CharField()

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_bill(self, link) -> str | None:
        return link.other_bill.slug if link.other_bill is not None else None


class BillDetailSerializer(BillSerializer):
    """A bill with everything its page shows: summaries, rules, sponsors, steps, sources, related bills."""

    provisions = ProvisionSerializer(many=True, read_only=True)
    sponsors = SponsorSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()

    class Meta(BillSerializer.Meta):
        fields = [
            *BillSerializer.Meta.fields,
            "codified_as",
            "summary",
            "plain_summary",
            "provisions",
            "sponsors",
            "actions",
            "sources",
            "related",
        ]

    @extend_schema_field(RelatedSerializer(many=True))
    def get_related(self, bill: Bill) -> list[dict]:
        return RelatedSerializer(related_links(bill), many=True).data


class CellProvisionSerializer(serializers.ModelSerializer):
    """A rule in a grid cell: what it does, where, how sure we are."""

    page = PageLinkField()

    class Meta:
        model = Provision
        fields = ["id", "effect", "plain", "section", "confidence", "page"]


class CellSerializer(serializers.Serializer):
    """What one bill says on one topic; with no rules, ``empty`` says "Not addressed" or "Not recorded"."""

    bill = serializers.SlugField(source="bill.slug")
    addressed = serializers.BooleanField()
    recorded = serializers.BooleanField()
    empty = serializers.SerializerMethodField()
    provisions = CellProvisionSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_empty(self, cell) -> str | None:
        return None if cell.addressed else cell.empty_text


class RowSerializer(serializers.Serializer):
    """One topic across every bill compared."""

    category = serializers.SlugField(source="category.slug")
    name = serializers.CharField(source="category.name")
    bills_agree = serializers.BooleanField()
    cells = CellSerializer(many=True)


class GroupSerializer(serializers.Serializer):
    """A heading of the grid and its rows."""

    slug = serializers.SlugField(source="group.slug")
    name = serializers.CharField(source="group.name")
    rows = RowSerializer(many=True)


class CentralTermSerializer(serializers.Serializer):
    """A column's central defined term (the grid's "Definitions" row); null when none is recorded."""

    bill = serializers.SlugField()
    term = serializers.CharField(allow_null=True)
    section = serializers.CharField(allow_null=True, allow_blank=True)
    plain = serializers.CharField(allow_null=True)
    definitions = serializers.URLField(help_text="The law's definitions on its page.")


class ComparisonSerializer(serializers.Serializer):
    """A comparison grid: the options in force, the bills as columns, then the rows under their headings."""

    day = serializers.DateField(help_text="The day the standings and the default bills are about.")
    on = serializers.DateField(allow_null=True, help_text="The day asked for, if any.")
    parties = serializers.ListField(
        child=serializers.SlugField(),
        help_text="Only rules governing any of these parties; empty for everyone.",
    )
    differences = serializers.BooleanField(help_text="Only the topics where the bills differ.")
    summary = serializers.CharField()
    bills = BillColumnSerializer(many=True)
    definitions = CentralTermSerializer(
        many=True, help_text="Each column's central defined term, in column order."
    )
    groups = GroupSerializer(many=True)
    page = serializers.URLField(help_text="The same grid as a web page.")
    csv = serializers.URLField(help_text="The same grid as a CSV file.")
