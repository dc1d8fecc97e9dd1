"""The bill schema: one bill per number and session, dates in a sensible order, parties derived.

Each rule is checked twice: ``full_clean`` (what the admin runs) gives a message a person can act
on, and the database refuses the same thing if code skips validation.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bills.models import Bill, Jurisdiction, Party, RelatedBill

from .factories import make_bill, make_provision, make_related

pytestmark = pytest.mark.usefixtures("taxonomy")

DUPLICATE_SB_6280 = (
    "Washington already has a bill SB 6280 in the session “2020 Regular Session”. "
    "Edit that bill instead of adding it twice."
)


def unsaved_bill(**overrides) -> Bill:
    """A valid Washington bill not yet in the database."""
    values = {
        "jurisdiction": Jurisdiction.objects.get(slug="washington"),
        "identifier": "SB 6280",
        "slug": "wa-sb-6280-2020",
        "title": "Concerning the use of facial recognition services",
        "session": "2020 Regular Session",
        "plain_summary": "Sets rules for state and local agencies that use face recognition.",
    }
    values.update(overrides)
    return Bill(**values)


# One bill per number and session.


def test_a_second_bill_with_the_same_number_and_session_is_rejected_with_a_message_naming_it():
    make_bill(identifier="SB 6280", session="2020 Regular Session")
    copy = unsaved_bill(slug="wa-sb-6280-2020-again")

    with pytest.raises(ValidationError) as caught:
        copy.full_clean()

    assert caught.value.messages == [DUPLICATE_SB_6280]


@pytest.mark.parametrize(
    ("jurisdiction", "session"),
    [("washington", "2021 Regular Session"), ("california", "2020 Regular Session")],
    ids=["next-session", "other-state"],
)
def test_the_same_number_in_another_session_or_jurisdiction_is_a_different_bill(jurisdiction, session):
    make_bill(identifier="SB 6280", session="2020 Regular Session")
    other = unsaved_bill(jurisdiction=Jurisdiction.objects.get(slug=jurisdiction), session=session)

    other.full_clean()  # No error.


def test_the_database_refuses_a_duplicate_bill_that_skips_validation():
    make_bill(identifier="SB 6280", session="2020 Regular Session")

    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_bill(slug="wa-sb-6280-2020-again").save()

    assert Bill.objects.filter(identifier="SB 6280").count() == 1


def test_a_second_bill_with_the_same_slug_is_rejected():
    make_bill(slug="wa-sb-6280-2020")
    copy = unsaved_bill(identifier="SB 6281")

    with pytest.raises(ValidationError) as caught:
        copy.full_clean()

    assert caught.value.message_dict == {"slug": ["Bill with this Slug already exists."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


# Dates in a sensible order.

BAD_DATES = [
    pytest.param(
        {"introduced": datetime.date(2020, 3, 1), "status_date": datetime.date(2020, 1, 14)},
        "status_date",
        "The status date (14 Jan 2020) is before the bill was introduced (01 Mar 2020).",
        id="status-before-introduced",
    ),
    pytest.param(
        {"introduced": datetime.date(2020, 3, 1), "effective": datetime.date(2020, 1, 14)},
        "effective",
        "The law cannot take effect (14 Jan 2020) before the bill was introduced (01 Mar 2020).",
        id="effective-before-introduced",
    ),
    pytest.param(
        {"effective": datetime.date(2021, 7, 1), "expires": datetime.date(2021, 6, 30)},
        "expires",
        "The sunset date (30 Jun 2021) is before the law takes effect (01 Jul 2021).",
        id="sunset-before-effective",
    ),
]


@pytest.mark.parametrize(("dates", "field", "message"), BAD_DATES)
def test_dates_out_of_order_are_rejected_with_a_readable_message(dates, field, message):
    bill = unsaved_bill(**dates)

    with pytest.raises(ValidationError) as caught:
        bill.full_clean()

    assert caught.value.message_dict == {field: [message]}


@pytest.mark.parametrize(("dates", "field", "message"), BAD_DATES)
def test_the_database_refuses_dates_out_of_order(dates, field, message):
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_bill(**dates).save()


def test_dates_on_the_same_day_are_in_order():
    same_day = datetime.date(2020, 3, 31)
    bill = unsaved_bill(introduced=same_day, status_date=same_day, effective=same_day, expires=same_day)

    bill.full_clean()  # No error.
    bill.save()


# Parties are derived from the provisions, never stored on the bill.


def test_a_bills_parties_are_its_provisions_parties_once_each_in_display_order():
    bill = make_bill()
    make_provision(bill, category="warrant", parties=["developers", "law-enforcement"])
    make_provision(bill, category="notice", parties=["law-enforcement", "government-agencies"])

    parties = [party.slug for party in bill.governed_parties()]

    # taxonomy.json lists government agencies first, then law enforcement, … developers fifth.
    assert parties == ["government-agencies", "law-enforcement", "developers"]


def test_a_bills_parties_follow_its_provisions_when_a_provision_changes():
    bill = make_bill()
    make_provision(bill, category="warrant", parties=["law-enforcement"])
    notice = make_provision(bill, category="notice", parties=["government-agencies"])

    notice.parties.set(Party.objects.filter(slug="schools"))

    assert [party.slug for party in bill.governed_parties()] == ["law-enforcement", "schools"]


def test_a_bill_without_provisions_governs_nobody():
    assert make_bill().governed_parties() == []


def test_a_bills_parties_come_from_prefetched_provisions_without_more_queries(django_assert_num_queries):
    bill = make_bill()
    make_provision(bill, category="warrant", parties=["law-enforcement", "schools"])
    bill = Bill.objects.with_published_provisions().get(pk=bill.pk)

    with django_assert_num_queries(0):
        parties = bill.governed_parties()

    assert [party.slug for party in parties] == ["law-enforcement", "schools"]


# Links between bills.


def test_a_bill_cannot_be_related_to_itself():
    bill = make_bill()
    link = RelatedBill(bill=bill, other_bill=bill, identifier=bill.identifier, relation="amends")

    with pytest.raises(ValidationError) as caught:
        link.full_clean()

    assert caught.value.message_dict == {"other_bill": ["A bill cannot be related to itself."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_deleting_the_other_bill_keeps_the_link_as_a_bare_identifier():
    hb_2031 = make_bill("virginia", identifier="HB 2031")
    sb_741 = make_bill("virginia", identifier="SB 741")
    link = make_related(hb_2031, sb_741, RelatedBill.Relation.AMENDED_BY, identifier="SB 741 (2022)")

    sb_741.delete()

    link.refresh_from_db()
    assert link.other_bill is None
    assert str(link) == "Amended by SB 741 (2022)"
