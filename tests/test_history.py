"""Every staff edit is kept, says who made it, and can be reverted from the admin.

Edna the editor (staff, in the Editors group) makes the edits.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bills.models import Action, Bill, Confidence, Party, Provision, RelatedBill, Source, Sponsor

from .factories import (
    admin_form_data,
    make_action,
    make_bill,
    make_provision,
    make_related,
    make_source,
    make_sponsor,
)

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

OLD_TEXT = "Police need a warrant."
NEW_TEXT = "Police need a warrant from a judge before running a face search."


@pytest.fixture
def sb_6280(taxonomy):
    """Washington SB 6280 (2020), with one of each part, as the data file loaded it."""
    bill = make_bill(identifier="SB 6280", slug="wa-sb-6280-2020")
    make_provision(bill, category="warrant", parties=["law-enforcement"], plain=OLD_TEXT)
    make_sponsor(bill, name="Sen. Joe Nguyen")
    make_action(bill, datetime.date(2020, 1, 14), "Introduced")
    make_source(bill, label="Bill text")
    make_related(bill, make_bill(identifier="HB 1654"), RelatedBill.Relation.COMPANION)
    return bill


def edit_provision_in_the_admin(client, provision: Provision, plain: str):
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(client.get(url))
    data["plain"] = plain
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_an_admin_edit_is_kept_with_the_editor_and_the_new_text(edna, edna_account, sb_6280):
    provision = sb_6280.provisions.get()
    rows_before = provision.history.count()

    edit_provision_in_the_admin(edna, provision, NEW_TEXT)

    assert provision.history.count() == rows_before + 1
    latest = provision.history.latest()
    assert (latest.history_type, latest.history_user, latest.plain) == ("~", edna_account, NEW_TEXT)
    assert latest.prev_record.plain == OLD_TEXT


def test_the_history_page_lists_the_editor(edna, sb_6280):
    provision = sb_6280.provisions.get()
    edit_provision_in_the_admin(edna, provision, NEW_TEXT)

    response = edna.get(reverse("admin:bills_provision_history", args=[provision.pk]))

    assert response.status_code == 200
    assert [row.history_user.username for row in response.context["page_obj"] if row.history_user] == ["edna"]


def test_reverting_restores_the_old_text_and_keeps_the_revert_in_the_history(edna, edna_account, sb_6280):
    provision = sb_6280.provisions.get()
    original = provision.history.latest()
    edit_provision_in_the_admin(edna, provision, NEW_TEXT)
    rows_before = provision.history.count()
    url = reverse("admin:bills_provision_simple_history", args=[provision.pk, original.history_id])

    page = edna.get(url)
    response = edna.post(url, admin_form_data(page))

    assert page.status_code == 200
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.plain == OLD_TEXT
    assert provision.history.count() == rows_before + 1
    latest = provision.history.latest()
    assert (latest.history_user, latest.plain) == (edna_account, OLD_TEXT)


def test_reverting_also_restores_the_parties_the_old_version_governed(edna, sb_6280):
    provision = sb_6280.provisions.get()
    original = provision.history.latest()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(edna.get(url))
    data["parties"] = [str(Party.objects.get(slug="schools").pk)]
    assert edna.post(url, data).status_code == 302
    assert [p.slug for p in provision.parties.all()] == ["schools"]

    history_url = reverse("admin:bills_provision_simple_history", args=[provision.pk, original.history_id])
    response = edna.post(history_url, admin_form_data(edna.get(history_url)))

    assert response.status_code == 302
    assert [p.slug for p in provision.parties.all()] == ["law-enforcement"]


def test_a_version_id_that_is_not_a_number_is_not_found(edna, sb_6280):
    provision = sb_6280.provisions.get()

    response = edna.get(f"/admin/bills/provision/{provision.pk}/history/abc/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("field", "model", "attribute", "new_value"),
    [
        ("sponsors-0-name", Sponsor, "name", "Sen. Joe Nguyen (prime sponsor)"),
        ("actions-0-description", Action, "description", "Introduced and read for the first time"),
        ("sources-0-label", Source, "label", "Bill text as passed the legislature"),
        ("related_links-0-note", RelatedBill, "note", "Same text, introduced in the House."),
        ("provisions-0-plain", Provision, "plain", NEW_TEXT),
    ],
    ids=["sponsor", "action", "source", "related-bill", "provision"],
)
def test_edits_to_a_bills_parts_on_its_page_are_kept_with_the_editor(
    edna, edna_account, sb_6280, field, model, attribute, new_value
):
    part = model.objects.get(bill=sb_6280)
    rows_before = part.history.count()
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    data[field] = new_value

    response = edna.post(url, data)

    assert response.status_code == 302
    assert part.history.count() == rows_before + 1
    latest = part.history.latest()
    assert (latest.history_type, latest.history_user, getattr(latest, attribute)) == (
        "~",
        edna_account,
        new_value,
    )


def test_marking_a_provision_reviewed_records_who_and_when(edna, edna_account, taxonomy):
    provision = make_provision(make_bill(), confidence=Confidence.LOW)
    before = timezone.now()

    edna.post(
        reverse("admin:bills_provision_changelist"),
        {"action": "mark_reviewed_high", "_selected_action": [str(provision.pk)]},
    )

    latest = provision.history.latest()
    assert latest.confidence == Confidence.HIGH
    assert latest.history_user == edna_account
    assert latest.history_change_reason == "Reviewed against the law's text"
    assert before <= latest.history_date <= timezone.now()


def test_publishing_a_bill_records_who_published_it(edna, edna_account, taxonomy):
    draft = make_bill(is_published=False)
    make_source(draft)
    make_provision(draft)

    edna.post(
        reverse("admin:bills_bill_changelist"), {"action": "publish", "_selected_action": [str(draft.pk)]}
    )

    latest = Bill.history.filter(id=draft.pk).latest()
    assert latest.is_published
    assert (latest.history_user, latest.history_change_reason) == (edna_account, "Published")
