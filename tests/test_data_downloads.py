"""The open data page at /data/ and its downloads: published data only, and a ZIP load_bills reads back."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from bills import clock
from bills.bulk import BILL_COLUMNS, PROVISION_COLUMNS
from bills.loading import load_bills
from bills.models import Action, Bill, Provision, RelatedBill, Source, Sponsor

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

COUNTED = (Bill, Provision, Sponsor, Action, Source, RelatedBill)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


@pytest.fixture
def fixed_day(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 1))


def test_the_data_page_says_what_the_data_is_its_licence_and_how_to_cite_it(vera):
    make_bill()

    page = vera.get(reverse("bills:data")).content.decode()

    assert "Download all 1 published bills" in page
    assert "Creative Commons Attribution 4.0" in page
    assert "How to cite it" in page
    for name in ("bills:data_bills_zip", "bills:data_bills_csv", "bills:data_provisions_csv"):
        assert f'href="{reverse(name)}"' in page


def test_a_json_download_loads_back_into_an_empty_database_with_the_same_counts(vera, tmp_path, fixed_day):
    load_bills()
    before = {model.__name__: model.objects.count() for model in COUNTED}

    response = vera.get(reverse("bills:data_bills_zip"))
    assert response["Content-Disposition"] == 'attachment; filename="frt-bills-2026-12-01.zip"'
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        archive.extractall(tmp_path)
    Bill.objects.all().delete()
    load_bills([tmp_path / "bills"])

    assert {model.__name__: model.objects.count() for model in COUNTED} == before


def test_downloads_hold_only_published_bills_and_rules_and_no_staff_notes(vera):
    bill = make_bill(research_notes="Staff only: unsure of the date.")
    make_provision(bill, plain="A published rule.")
    make_provision(bill, category="ban", plain="A draft rule.", is_published=False)
    make_bill(is_published=False, slug="a-draft")

    archive = zipfile.ZipFile(io.BytesIO(body(vera.get(reverse("bills:data_bills_zip")))))
    bill_rows = rows(vera.get(reverse("bills:data_bills_csv")))
    provision_rows = rows(vera.get(reverse("bills:data_provisions_csv")))

    assert archive.namelist() == [f"bills/{bill.slug}.json"]
    text = archive.read(f"bills/{bill.slug}.json").decode()
    assert "A published rule." in text and "A draft rule." not in text and "Staff only" not in text
    assert bill_rows[0] == BILL_COLUMNS
    assert [row[0] for row in bill_rows[1:]] == [bill.slug]
    assert provision_rows[0] == PROVISION_COLUMNS
    assert [row[PROVISION_COLUMNS.index("plain")] for row in provision_rows[1:]] == ["A published rule."]


def test_the_csv_files_are_named_with_the_day(vera, fixed_day):
    response = vera.get(reverse("bills:data_provisions_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="frt-provisions-2026-12-01.csv"'
