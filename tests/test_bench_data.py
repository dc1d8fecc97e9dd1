"""The benchmark's synthetic data: never written into a real database, and as plausible as promised."""

import pytest
from django.core.management import CommandError, call_command

from bills.models import Bill, Provision
from bills.synthetic import SYNTHETIC_NOTE, make_synthetic_bills


def test_the_command_refuses_the_default_database(db):
    with pytest.raises(CommandError, match="Refusing to touch the database"):
        call_command("bench_data", "--bills", "3")

    assert not Bill.objects.filter(slug__startswith="synthetic-").exists()


def test_synthetic_bills_come_with_their_rules_parties_and_parts(taxonomy):
    written = make_synthetic_bills(40, provisions_per_bill=5)

    bills = Bill.objects.filter(slug__startswith="synthetic-")
    assert (bills.count(), written, Provision.objects.filter(bill__in=bills).count()) == (40, 200, 200)
    assert set(bills.values_list("research_notes", flat=True)) == {SYNTHETIC_NOTE}
    assert bills.values("jurisdiction__level").distinct().count() >= 2
    assert bills.values("status").distinct().count() >= 4
    assert bills.filter(is_published=False).exists() and bills.filter(is_published=True).exists()
    assert not Provision.objects.filter(bill__in=bills, parties=None).exists()
    assert all(bill.sponsors.exists() and bill.actions.exists() for bill in bills[:5])
    assert bills.filter(sort_date=None).count() == 0


def test_the_same_seed_builds_the_same_bills(taxonomy):
    make_synthetic_bills(5, provisions_per_bill=2)
    first = list(
        Bill.objects.filter(slug__startswith="synthetic-").values_list("slug", "status", "introduced")
    )
    Bill.objects.filter(slug__startswith="synthetic-").delete()

    make_synthetic_bills(5, provisions_per_bill=2)

    again = list(
        Bill.objects.filter(slug__startswith="synthetic-").values_list("slug", "status", "introduced")
    )
    assert again == first
