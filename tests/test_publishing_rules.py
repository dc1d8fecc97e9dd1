"""No law is published without a source and a rule; a new rule on a live bill starts as a draft;
a new bill's form has sensible defaults.

Edna the editor works in the admin; Vera the visitor reads the public pages.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from bills.models import NEEDS_PROVISION, NEEDS_SOURCE, Bill, Category, Jurisdiction, Party, Provision

from .factories import admin_form_data, make_bill, make_provision, make_source, new_bill_data

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

DRAFT_RULE = "Schools may not use face recognition on pupils."


def add_bill_data(client, place: str = "washington", **overrides) -> dict:
    """The add form for HB 4001 (2026), filled in as a person would, slug left blank."""
    hb_4001 = {
        "identifier": "HB 4001",
        "slug": "",
        "session": "2026 Regular Session",
        "introduced": "2026-01-12",
    }
    return new_bill_data(client, place, **{**hb_4001, "status": "introduced", "status_date": "", **overrides})


def resend_change_form(client, bill: Bill, changes: dict):
    """Open ``bill``'s change form, change some fields, and send it back."""
    url = reverse("admin:bills_bill_change", args=[bill.pk])
    return client.post(url, {**admin_form_data(client.get(url)), **changes})


def add_row(data: dict, prefix: str, **fields) -> dict:
    """``data`` with one more inline row under ``prefix``, as "Add another" would send it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def provision_row(data: dict, **fields) -> dict:
    values = {
        "category": str(Category.objects.get(slug="warrant").pk),
        "effect": "prohibits",
        "parties": [str(Party.objects.get(slug="schools").pk)],
        "plain": DRAFT_RULE,
        "confidence": "medium",
        "display_order": "",
        **fields,
    }
    return add_row(data, "provisions", **values)


def messages_for(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# A sensible slug.


def test_a_blank_slug_is_made_from_place_number_and_year_and_differs_across_states(edna, taxonomy):
    for place in ("washington", "oregon"):
        response = edna.post(reverse("admin:bills_bill_add"), add_bill_data(edna, place))
        assert response.status_code == 302, response.context["adminform"].form.errors

    assert sorted(Bill.objects.values_list("slug", flat=True)) == ["or-hb-4001-2026", "wa-hb-4001-2026"]


def test_a_second_bill_with_the_same_number_and_year_gets_its_own_slug(edna, taxonomy):
    make_bill(identifier="HB 4001", slug="wa-hb-4001-2026", session="2026 First Special Session")

    response = edna.post(reverse("admin:bills_bill_add"), add_bill_data(edna))

    assert response.status_code == 302
    assert Bill.objects.filter(session="2026 Regular Session").get().slug == "wa-hb-4001-2026-2"


def test_a_city_without_an_abbreviation_uses_its_own_slug(edna, taxonomy):
    response = edna.post(reverse("admin:bills_bill_add"), add_bill_data(edna, "alameda-ca"))

    assert response.status_code == 302
    assert Bill.objects.get().slug == "alameda-ca-hb-4001-2026"


# No publishing without a source and a published provision.


def test_the_add_form_refuses_to_publish_a_bill_without_a_source_or_a_provision(edna, taxonomy):
    response = edna.post(reverse("admin:bills_bill_add"), add_bill_data(edna, is_published="on"))

    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["sources"].non_form_errors() == [NEEDS_SOURCE]
    assert formsets["provisions"].non_form_errors() == [NEEDS_PROVISION]
    assert NEEDS_SOURCE in response.content.decode()
    assert not Bill.objects.exists()


def test_the_add_form_publishes_a_bill_that_comes_with_a_source_and_a_provision(edna, taxonomy):
    data = add_bill_data(edna, is_published="on")
    add_row(data, "sources", label="Bill text", url="https://example.org/hb-4001")
    provision_row(data, is_published="on")

    response = edna.post(reverse("admin:bills_bill_add"), data)

    assert response.status_code == 302
    bill = Bill.objects.get()
    assert bill.is_published
    assert (bill.sources.count(), bill.provisions.published().count()) == (1, 1)


def test_the_change_form_refuses_to_publish_a_draft_without_a_source(edna, taxonomy):
    draft = make_bill(is_published=False)
    make_provision(draft)
    response = resend_change_form(edna, draft, {"is_published": "on"})

    assert response.status_code == 200
    sources = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "sources"
    )
    assert sources.non_form_errors() == [NEEDS_SOURCE]
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_change_form_refuses_to_remove_a_published_bills_last_source(edna, taxonomy):
    bill = make_bill()
    make_provision(bill)
    make_source(bill)
    response = resend_change_form(edna, bill, {"sources-0-DELETE": "on"})

    assert response.status_code == 200
    assert bill.sources.count() == 1


def test_the_publish_action_refuses_bills_without_a_source_or_a_provision_and_says_why(edna, taxonomy):
    ready = make_bill(is_published=False)
    make_source(ready)
    make_provision(ready)
    bare = make_bill(is_published=False)

    response = edna.post(
        reverse("admin:bills_bill_changelist"),
        {"action": "publish", "_selected_action": [str(ready.pk), str(bare.pk)]},
    )

    assert messages_for(response) == [
        "1 bill(s) published.",
        f"{bare.label} was not published. {NEEDS_SOURCE} {NEEDS_PROVISION}",
    ]
    assert list(Bill.objects.published()) == [ready]


def test_the_model_refuses_to_publish_a_draft_without_its_parts(taxonomy):
    draft = make_bill(is_published=False)
    make_source(draft)
    make_provision(draft, is_published=False)  # A draft rule does not count.
    draft.is_published = True

    with pytest.raises(ValidationError) as refused:
        draft.full_clean()

    assert refused.value.message_dict == {"is_published": [NEEDS_PROVISION]}


def test_the_model_lets_a_loaded_bill_be_created_published_before_its_parts(taxonomy):
    # The loader checks a new bill before it writes the bill's parts.
    new = Bill(
        jurisdiction=Jurisdiction.objects.get(slug="washington"),
        identifier="SB 1",
        slug="wa-sb-1-2026",
        title="An act",
        session="2026 Regular Session",
        plain_summary="Sets rules.",
        is_published=True,
    )

    new.full_clean()


# A new rule on a live bill is a draft.


def test_a_new_provision_on_a_published_bill_is_a_draft_unseen_by_the_public(edna, vera, taxonomy):
    bill = make_bill()
    make_provision(bill)
    make_source(bill)
    url = reverse("admin:bills_bill_change", args=[bill.pk])
    page = edna.get(url)
    provisions = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "provisions"
    )
    assert provisions.empty_form["is_published"].value() is False
    assert provisions.empty_form.fields["is_published"].label == "Publish now"

    response = edna.post(url, provision_row(admin_form_data(page)))  # "Publish now" left unticked.

    assert response.status_code == 302
    draft = Provision.objects.get(plain=DRAFT_RULE)
    assert not draft.is_published
    drafts = edna.get(reverse("admin:bills_provision_changelist"), {"publishing": "draft"})
    assert list(drafts.context["cl"].result_list) == [draft]
    edna.logout()  # Vera's browser: staff see drafts in preview, the public never.
    assert DRAFT_RULE not in vera.get(bill.get_absolute_url()).content.decode()
    assert DRAFT_RULE not in vera.get(reverse("bills:feed")).content.decode()
    assert DRAFT_RULE not in vera.get(reverse("api:bill-detail", args=[bill.slug])).content.decode()


def test_ticking_publish_now_puts_a_new_provision_on_the_public_page(edna, vera, taxonomy):
    bill = make_bill()
    make_provision(bill)
    make_source(bill)
    url = reverse("admin:bills_bill_change", args=[bill.pk])

    response = edna.post(url, provision_row(admin_form_data(edna.get(url)), is_published="on"))

    assert response.status_code == 302
    edna.logout()
    assert DRAFT_RULE in vera.get(bill.get_absolute_url()).content.decode()


def test_a_new_provision_on_a_draft_bill_is_ready_to_go_public_with_it(edna, taxonomy):
    draft = make_bill(is_published=False)
    page = edna.get(reverse("admin:bills_bill_change", args=[draft.pk]))

    provisions = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "provisions"
    )

    assert provisions.empty_form["is_published"].value() is True


def test_a_new_provision_goes_to_the_end_of_the_order(edna, taxonomy):
    bill = make_bill()
    make_provision(bill, display_order=4)
    make_source(bill)
    url = reverse("admin:bills_bill_change", args=[bill.pk])
    data = provision_row(admin_form_data(edna.get(url)))
    provision_row(data, plain="A second new rule.", category=str(Category.objects.get(slug="notice").pk))

    assert edna.post(url, data).status_code == 302

    assert list(bill.provisions.order_by("display_order").values_list("display_order", flat=True)) == [
        4,
        5,
        6,
    ]


def test_the_provisions_on_a_bill_page_are_folded_to_one_line_each(edna, taxonomy):
    bill = make_bill()
    make_provision(bill, parties=["law-enforcement"], plain="Police need a warrant before a face search.")

    page = edna.get(reverse("admin:bills_bill_change", args=[bill.pk])).content.decode()

    summary = (
        "Warrant or court order · requires · Law enforcement · "
        "“Police need a warrant before a face search.” · grade"
    )
    assert summary in page
    assert '<details class="folded-row">' in page  # Folded: a saved row opens only when asked.
