"""Bulk downloads of the published data, built from the database and streamed: a ZIP of bill files
in the format of bills/data/bills/*.json (so ``load_bills`` reads a download back), and two CSVs.

Research notes are staff-only and never leave: a downloaded file's "notes" is always empty.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from .grid import csv_safe
from .models import Bill, RelatedBill

# Bills fetched per query while streaming, so memory stays flat however many there are.
CHUNK = 100

BILL_COLUMNS = [
    "slug", "identifier", "label", "title", "short_title", "jurisdiction", "level", "session", "status",
    "status_date", "introduced", "effective", "expires", "codified_as", "coverage", "checked",
    "provisions", "url",
]  # fmt: skip
PROVISION_COLUMNS = [
    "bill", "bill_label", "jurisdiction", "category_group", "category", "effect", "parties", "section",
    "confidence", "plain", "detail", "url",
]  # fmt: skip


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def published_bills() -> Iterator[Bill]:
    """Every published bill with all it shows, in a fixed number of queries per chunk."""
    # The bill page reads its links on their own (RelatedBill.objects.touching); a download prefetches them.
    links = Prefetch("related_links", queryset=RelatedBill.objects.select_related("other_bill"))
    bills = Bill.objects.published().for_detail().prefetch_related(links)
    return bills.order_by("slug").iterator(chunk_size=CHUNK)


def _jurisdiction(bill: Bill) -> dict:
    place = bill.jurisdiction
    return {
        "name": place.name,
        "slug": place.slug,
        "level": place.level,
        "abbreviation": place.abbreviation,
        "parent": place.parent.slug if place.parent else None,
        "country": place.country,
    }


def _related(bill: Bill) -> list[dict]:
    # A link to a draft names it only by its identifier, as if we did not hold it.
    return [
        {
            "slug": link.other_bill.slug if link.other_bill and link.other_bill.is_published else None,
            "identifier": link.identifier,
            "relation": link.relation,
            "note": link.note,
        }
        for link in bill.related_links.all()
    ]


def bill_file(bill: Bill) -> dict:
    """One bill as a data file: every key of bills/data/README.md, in its order."""
    return {
        "slug": bill.slug,
        "identifier": bill.identifier,
        "title": bill.title,
        "short_title": bill.short_title,
        "jurisdiction": _jurisdiction(bill),
        "session": bill.session,
        "introduced": _iso(bill.introduced),
        "status": bill.status,
        "status_date": _iso(bill.status_date),
        "effective": _iso(bill.effective),
        "expires": _iso(bill.expires),
        "sponsors": [
            {"name": s.name, "affiliation": s.affiliation, "role": s.role} for s in bill.sponsors.all()
        ],
        "codified_as": bill.codified_as,
        "summary": bill.plain_summary,
        "sources": [{"label": s.label, "url": s.url} for s in bill.sources.all()],
        "actions": [
            {"date": _iso(a.date), "actor": a.actor, "description": a.description} for a in bill.actions.all()
        ],
        "related": _related(bill),
        "provisions": [
            {
                "category": p.category.slug,
                "effect": p.effect,
                "parties": sorted(party.slug for party in p.parties.all()),
                "section": p.section,
                "plain": p.plain,
                "detail": p.detail,
                "confidence": p.confidence,
            }
            for p in sorted(bill.provisions.all(), key=lambda p: (p.display_order, p.pk))
        ],
        "coverage": bill.coverage,
        "checked": _iso(bill.checked),
        "notes": "",
    }


class _Pipe(io.RawIOBase):
    """A write-only stream whose written bytes are taken out in pieces, for zipfile to stream into."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_stream(bills: Iterable[Bill]) -> Iterator[bytes]:
    """A ZIP of bills/<slug>.json files, yielded a file at a time."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for bill in bills:
            text = json.dumps(bill_file(bill), ensure_ascii=False, indent=2) + "\n"
            archive.writestr(f"bills/{bill.slug}.json", text)
            yield pipe.take()
    yield pipe.take()


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text a row at a time, starting with a byte-order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        writer.writerow([csv_safe("" if value is None else str(value)) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def bill_rows(bills: Iterable[Bill], absolute) -> Iterator[list]:
    yield BILL_COLUMNS
    for b in bills:
        yield [
            b.slug, b.identifier, b.label, b.title, b.short_title, b.jurisdiction.slug,
            b.jurisdiction.level, b.session, b.status, _iso(b.status_date), _iso(b.introduced),
            _iso(b.effective), _iso(b.expires), b.codified_as, b.coverage, _iso(b.checked),
            len(b.provisions.all()), absolute(b.get_absolute_url()),
        ]  # fmt: skip


def provision_rows(bills: Iterable[Bill], absolute) -> Iterator[list]:
    yield PROVISION_COLUMNS
    for b in bills:
        for p in b.provisions.all():
            parties = " ".join(party.slug for party in p.parties.all())
            yield [
                b.slug, b.label, b.jurisdiction.slug, p.category.group.name, p.category.slug, p.effect,
                parties, p.section, p.confidence, p.plain, p.detail, absolute(p.get_absolute_url()),
            ]  # fmt: skip
