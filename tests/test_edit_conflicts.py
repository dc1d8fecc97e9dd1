"""No lost edits: when two editors change the same thing, the second save is refused, not lost.

Personas: Edna the editor opens a form and types; meanwhile Ada the administrator saves the same
bill or provision from her own browser.
"""

import pytest
from django.urls import reverse

from bills.models import Bill, Category, Provision, Sponsor

from .factories import admin_form_data, make_bill, make_provision, make_source, make_sponsor

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

ADAS_TEXT = "Police need a warrant signed by a judge."
EDNAS_TEXT = "Police must get a warrant first, except in an emergency."


@pytest.fixture
def bill(taxonomy):
    bill = make_bill(identifier="SB 6280", slug="wa-sb-6280-2020")
    make_provision(bill, plain="Police need a warrant.")
    make_sponsor(bill, name="Sen. Joe Nguyen")
    return bill


def save_form(browser, url: str, **changes):
    """Open the form at ``url``, change some fields, and send it back."""
    data = admin_form_data(browser.get(url))
    data.update(changes)
    return browser.post(url, data)


def errors_of(response) -> str:
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def assert_ednas_save_refused(message: str, kept_on_form: str, provision) -> None:
    """The refusal names Ada and shows her text; Edna's text stays on the form, Ada's in the database."""
    assert message.startswith("ada changed this provision on ")
    assert "while you were editing it, so your changes were not saved" in message
    assert f"Their plain-language summary: “{ADAS_TEXT}”" in message
    assert kept_on_form == EDNAS_TEXT
    provision.refresh_from_db()
    assert provision.plain == ADAS_TEXT


def test_a_direct_save_over_a_newer_version_is_refused_and_keeps_what_edna_typed(edna, ada_browser, bill):
    provision = bill.provisions.get()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    ednas_form = admin_form_data(edna.get(url))

    assert save_form(ada_browser, url, plain=ADAS_TEXT).status_code == 302
    ednas_form["plain"] = EDNAS_TEXT
    response = edna.post(url, ednas_form)

    assert response.status_code == 200
    assert_ednas_save_refused(
        errors_of(response), response.context["adminform"].form["plain"].value(), provision
    )
    assert EDNAS_TEXT in response.content.decode()


def test_saving_the_refused_form_again_is_a_deliberate_overwrite(edna, ada_browser, bill):
    provision = bill.provisions.get()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    ednas_form = admin_form_data(edna.get(url))
    save_form(ada_browser, url, plain=ADAS_TEXT)
    ednas_form["plain"] = EDNAS_TEXT
    refused = edna.post(url, ednas_form)

    response = edna.post(url, admin_form_data(refused))

    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.plain == EDNAS_TEXT


def test_a_bill_saved_by_ada_since_edna_opened_it_refuses_ednas_save(edna, ada_browser, bill):
    url = reverse("admin:bills_bill_change", args=[bill.pk])
    ednas_form = admin_form_data(edna.get(url))
    summary_before = bill.plain_summary

    assert save_form(ada_browser, url, short_title="Facial recognition services").status_code == 302
    ednas_form["plain_summary"] = "Sets rules for agencies that use face recognition."
    response = edna.post(url, ednas_form)

    assert response.status_code == 200
    assert "Their short title: “Facial recognition services”" in errors_of(response)
    bill.refresh_from_db()
    assert (bill.short_title, bill.plain_summary) == ("Facial recognition services", summary_before)


def test_an_inline_row_changed_since_the_bill_page_opened_is_refused(edna, ada_browser, bill):
    provision = bill.provisions.get()
    bill_url = reverse("admin:bills_bill_change", args=[bill.pk])
    ednas_form = admin_form_data(edna.get(bill_url))

    save_form(ada_browser, reverse("admin:bills_provision_change", args=[provision.pk]), plain=ADAS_TEXT)
    ednas_form["provisions-0-plain"] = EDNAS_TEXT
    response = edna.post(bill_url, ednas_form)

    assert response.status_code == 200
    row = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert_ednas_save_refused(" ".join(row.non_field_errors()), row["plain"].value(), provision)


def test_their_version_is_shown_in_the_words_of_the_form(edna, ada_browser, bill):
    provision = bill.provisions.get()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    ednas_form = admin_form_data(edna.get(url))

    save_form(ada_browser, url, confidence="medium", category=str(Category.objects.get(slug="notice").pk))
    response = edna.post(url, {**ednas_form, "plain": EDNAS_TEXT})

    message = errors_of(response)
    assert "Their confidence: “Medium — official summary or several reputable sources”" in message
    assert f"Their category: “{Category.objects.get(slug='notice').name}”" in message


def test_rows_edna_left_alone_neither_block_her_save_nor_undo_adas_edits(edna, ada_browser, bill):
    sponsor = bill.sponsors.get()
    bill_url = reverse("admin:bills_bill_change", args=[bill.pk])
    ednas_form = admin_form_data(edna.get(bill_url))

    # Ada changes the sponsor and the bill's title; Edna's page still shows the old ones.
    save_form(ada_browser, reverse("admin:bills_sponsor_change", args=[sponsor.pk]), role="cosponsor")
    save_form(ada_browser, bill_url, short_title="Facial recognition services")
    ednas_form["provisions-0-plain"] = EDNAS_TEXT
    response = edna.post(bill_url, ednas_form)

    assert response.status_code == 302
    assert Provision.objects.get().plain == EDNAS_TEXT
    assert Sponsor.objects.get().role == "cosponsor"
    assert Bill.objects.get().short_title == "Facial recognition services"


def test_deleting_an_inline_row_ada_changed_meanwhile_is_refused(edna, ada_browser, bill):
    sponsor = bill.sponsors.get()
    bill_url = reverse("admin:bills_bill_change", args=[bill.pk])
    ednas_form = admin_form_data(edna.get(bill_url))

    save_form(ada_browser, reverse("admin:bills_sponsor_change", args=[sponsor.pk]), name="Sen. J. Nguyen")
    ednas_form["sponsors-0-name"] = "Sen. J. Nguyen"  # What she now sees is what she deletes.
    ednas_form["sponsors-0-DELETE"] = "on"
    response = edna.post(bill_url, ednas_form)

    assert response.status_code == 200
    sponsors = response.context["inline_admin_formsets"][1].formset
    assert "ada changed this sponsor on " in " ".join(sponsors.non_form_errors())
    assert Sponsor.objects.filter(pk=sponsor.pk).exists()


def test_publishing_counts_as_a_change_edna_is_told_about(edna, ada_browser, taxonomy):
    draft = make_bill(is_published=False)
    make_source(draft)
    make_provision(draft)
    url = reverse("admin:bills_bill_change", args=[draft.pk])
    ednas_form = admin_form_data(edna.get(url))

    ada_browser.post(
        reverse("admin:bills_bill_changelist"), {"action": "publish", "_selected_action": [str(draft.pk)]}
    )
    response = edna.post(url, {**ednas_form, "short_title": "Draft title"})

    assert response.status_code == 200
    assert "Their published: “yes”" in errors_of(response)
    assert Bill.objects.get(pk=draft.pk).is_published
