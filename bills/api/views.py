"""The API's views: read-only, published content only, the same filters and rules as the pages."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from .. import clock
from ..comparison import Comparison, prepare_comparison
from ..filters import BillFilter
from ..forms import DayForm
from ..links import compare_url
from ..models import Bill, Category, Jurisdiction, Party
from . import http, schema  # noqa: F401 - schema: the FilterSet's types for the OpenAPI schema
from .serializers import (
    BillDetailSerializer,
    BillSerializer,
    CategorySerializer,
    ComparisonSerializer,
    JurisdictionSerializer,
    PartySerializer,
)

ON_PARAMETER = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="The day standings are about (YYYY-MM-DD); default today."
)


class ErrorSerializer(serializers.Serializer):
    """Every error: a message, and for a bad option each field's messages."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="An option could not be used; the message says why."),
    404: OpenApiResponse(ErrorSerializer, description="No published item has that slug, or no such page."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; wait for Retry-After seconds."),
}


class Pages(PageNumberPagination):
    """25 to a page by default, up to 100 with ``page_size``; each page says the count and its neighbours."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class PublicAPIView(APIView):
    """Open to any origin for reading, with ETag and Last-Modified so clients can poll cheaply."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        http.allow_any_origin(request, response)
        return http.conditional(request, response)


class TodayFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend, handing the bill list's FilterSet today's date as the page does."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "today": clock.today()}

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset  # so the view knows the day the standings are about
        return filterset


class SlugViewSet(PublicAPIView, viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail, looked up by slug, with a 404 that names what was not found."""

    lookup_field = "slug"
    noun = "item"

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            slug = str(self.kwargs.get(self.lookup_field, ""))[:80]
            raise exceptions.NotFound(f"No published {self.noun} has the slug “{slug}”.") from None


@extend_schema_view(
    list=extend_schema(
        summary="Published bills, with every filter of the bill list",
        responses={200: BillSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One published bill with its rules, sponsors, steps, sources and related bills",
        parameters=[ON_PARAMETER],
        responses={200: BillDetailSerializer, **ERRORS},
    ),
)
class BillViewSet(SlugViewSet):
    """Published bills: the list takes the bill list page's query string, the detail a slug."""

    noun = "bill"
    pagination_class = Pages
    filter_backends = [TodayFilterBackend]
    filterset_class = BillFilter

    def get_queryset(self):
        bills = Bill.objects.published()
        if self.action == "retrieve":
            return bills.for_detail()
        return bills.for_list().in_list_order()

    def get_serializer_class(self):
        return BillDetailSerializer if self.action == "retrieve" else BillSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "day": self.day()}

    def day(self):
        filterset = getattr(self, "filterset", None)
        if filterset is not None:
            return filterset.day
        when = DayForm(self.request.query_params, today=clock.today())
        if not when.is_valid():
            raise exceptions.ValidationError(when.errors)
        return when.day

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset  # the list's filters do not narrow a lookup by slug
        return super().filter_queryset(queryset)


def documented(serializer, *, every: str, one: str):
    """Schema summaries for a slug viewset's list (`every`) and detail (`one`) answers."""
    responses = {200: serializer, **ERRORS}
    return extend_schema_view(
        list=extend_schema(summary=every, responses=responses),
        retrieve=extend_schema(summary=one, responses=responses),
    )


@documented(
    JurisdictionSerializer,
    every="Every place, with the place it is part of and the places inside it",
    one="One place",
)
class JurisdictionViewSet(SlugViewSet):
    noun = "jurisdiction"
    pagination_class = Pages
    serializer_class = JurisdictionSerializer
    queryset = Jurisdiction.objects.select_related("parent").prefetch_related("children")


@documented(CategorySerializer, every="Every topic (a row of the grid), in grid order", one="One topic")
class CategoryViewSet(SlugViewSet):
    noun = "topic"
    pagination_class = None  # a short, fixed list: the grid's rows
    serializer_class = CategorySerializer
    queryset = Category.objects.select_related("group")


@documented(PartySerializer, every="Everyone a rule can govern", one="One party")
class PartyViewSet(SlugViewSet):
    noun = "party"
    pagination_class = None  # a short, fixed list
    serializer_class = PartySerializer
    queryset = Party.objects.all()


class CompareView(PublicAPIView):
    """The comparison grid with the page's rules: rows (topics) × bills × cells."""

    @extend_schema(
        summary="Compare bills topic by topic, as the grid page does",
        parameters=[
            OpenApiParameter(
                "bills",
                OpenApiTypes.STR,
                many=True,
                description="2 to 24 bill slugs; none for the laws in force.",
            ),
            OpenApiParameter(
                "party", OpenApiTypes.STR, description="Only rules governing this party (a slug)."
            ),
            OpenApiParameter(
                "differences",
                OpenApiTypes.STR,
                enum=["1", "0", "true", "false", "on"],
                description="1: only topics where the bills differ.",
            ),
            ON_PARAMETER,
        ],
        responses={200: ComparisonSerializer, **ERRORS},
    )
    def get(self, request):
        # The API shows published content only, even to signed-in staff.
        comparison = prepare_comparison(request.query_params, AnonymousUser())
        if comparison.grid is None:
            errors = {field: list(messages) for field, messages in comparison.form.errors.items()}
            first = next(iter(errors.items()))
            body = {"detail": f"{first[0]}: {first[1][0]}", "errors": errors}
            return Response(body, status=comparison.status)
        context = {"request": request, "day": comparison.day}
        return Response(ComparisonSerializer(comparison_data(request, comparison), context=context).data)


def comparison_data(request, comparison: Comparison) -> dict:
    """The comparison as the serializer reads it: options, bills, groups, and the same grid's addresses."""
    bills = comparison.grid.bills if comparison.chosen else ()
    options = {"party": comparison.parties, "differences": comparison.differences_only, "on": comparison.on}
    return {
        "day": comparison.day,
        "on": comparison.on,
        "parties": [party.slug for party in comparison.parties],
        "differences": comparison.differences_only,
        "summary": comparison.summary(),
        "bills": comparison.grid.bills,
        "definitions": [
            central_term(request, bill, comparison.definitions.get(bill.pk)) for bill in comparison.grid.bills
        ],
        "groups": comparison.grid.groups,
        "page": request.build_absolute_uri(compare_url(bills, **options)),
        "csv": request.build_absolute_uri(compare_url(bills, csv=True, **options)),
    }


def central_term(request, bill, definition) -> dict:
    """One column of the grid's "Definitions" row, as the API gives it."""
    return {
        "bill": bill.slug,
        "term": definition.term if definition else None,
        "section": definition.section if definition else None,
        "plain": definition.plain if definition else None,
        "definitions": request.build_absolute_uri(bill.get_absolute_url() + "#definitions"),
    }


class IndexView(PublicAPIView):
    """What the API holds, and where its schema and docs are."""

    @extend_schema(exclude=True)
    def get(self, request):
        def link(name):
            return api_reverse(name, request=request)

        return Response(
            {
                "bills": link("api:bill-list"),
                "jurisdictions": link("api:jurisdiction-list"),
                "categories": link("api:category-list"),
                "parties": link("api:party-list"),
                "compare": link("api:compare"),
                "schema": link("api:schema"),
                "docs": link("api:docs"),
            }
        )
