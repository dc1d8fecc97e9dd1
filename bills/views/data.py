"""The open data page at /data/ and its downloads, each streamed and named with the day."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import bulk, clock
from ..models import Bill

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _download(stream, name: str, content_type: str) -> StreamingHttpResponse:
    stem, extension = name.rsplit(".", 1)
    filename = f"frt-{stem}-{clock.today():%Y-%m-%d}.{extension}"
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def data_page(request):
    context = {
        "bill_count": Bill.objects.published().count(),
        "today": clock.today(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    return render(request, "bills/data.html", context)


@require_safe
def bills_zip(request):
    """Every published bill as a data file that ``load_bills`` reads back, in one ZIP."""
    return _download(bulk.zip_stream(bulk.published_bills()), "bills.zip", "application/zip")


@require_safe
def bills_csv(request):
    rows = bulk.bill_rows(bulk.published_bills(), request.build_absolute_uri)
    return _download(bulk.csv_stream(rows), "bills.csv", "text/csv; charset=utf-8")


@require_safe
def provisions_csv(request):
    rows = bulk.provision_rows(bulk.published_bills(), request.build_absolute_uri)
    return _download(bulk.csv_stream(rows), "provisions.csv", "text/csv; charset=utf-8")
