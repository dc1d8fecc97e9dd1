"""The staff admin: who may do what, every page loads quickly, forms explain what is wrong.

Personas: Ada the site administrator (a superuser), Edna the editor (staff, in the Editors group)
and Vera the visitor (not logged in).
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from bills.admin import BillAdmin, ProvisionAdmin
from bills.models import Bill, Confidence, Provision, RelatedBill

from .factories import (
    admin_form_data,
    make_action,
    make_bill,
    make_definition,
    make_definition_source,
    make_provision,
    make_related,
    make_source,
    make_sponsor,
    make_subscription,
    new_bill_data,
)

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

# Every changelist, however many bills, within this many queries (the provision list needs them
# all): session, user, counts, the rows, one per related-object filter and the date hierarchy.
# A query per row would blow it at 30 bills.
CHANGELIST_QUERIES = 9

BILLS_ADMINS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "bills"
)

# Made only by the public's follow form, so no one adds them in the admin.
MADE_BY_VISITORS = {"subscription"}

MISSING_PARTY = "Choose at least one party this provision governs (who must comply, or who can be sued)."


def make_bill_with_everything(number: int, **overrides) -> Bill:
    """A Washington bill with provisions, a sponsor, an action, a source and a link to another bill."""
    bill = make_bill(
        identifier=f"SB {6280 + number}",
        slug=f"wa-sb-{6280 + number}-2020",
        session="2020 Regular Session",
        short_title=f"Facial recognition services {number}",
        **overrides,
    )
    make_provision(bill, category="warrant", parties=["law-enforcement"], plain="Police need a warrant.")
    make_provision(
        bill,
        category="notice",
        parties=["government-agencies", "schools"],
        plain="Agencies must tell the public.",
        confidence=Confidence.LOW,
    )
    make_sponsor(bill, name="Sen. Joe Nguyen")
    make_action(bill, datetime.date(2020, 1, 14), "Introduced")
    make_source(bill, url=f"https://example.org/sb-{6280 + number}")
    make_related(bill, Bill.objects.exclude(pk=bill.pk).first(), RelatedBill.Relation.COMPANION)
    make_definition(bill, includes=["verifying who a person is"], excludes=["unlocking your own phone"])
    make_definition_source(bill, url=f"https://example.org/rcw-43-386-010-{number}")
    make_subscription(bill, f"reader{number}@example.org")
    return bill


@pytest.fixture
def sb_6280(taxonomy):
    """Washington SB 6280 (2020) with one of everything an editor keeps current."""
    make_bill(identifier="HB 1654", slug="wa-hb-1654-2019", session="2019 Regular Session")
    return make_bill_with_everything(0)


def changelist(model_name: str) -> str:
    return reverse(f"admin:bills_{model_name}_changelist")


# Who may do what.


def test_vera_the_visitor_is_sent_to_the_admin_login(vera, sb_6280):
    for url in ["/admin/", changelist("bill"), reverse("admin:bills_bill_change", args=[sb_6280.pk])]:
        response = vera.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"


def test_the_editors_group_exists_after_migrations_with_bill_permissions_and_none_over_users(db):
    editors = Group.objects.get(name="Editors")
    permissions = set(editors.permissions.values_list("content_type__app_label", "codename"))

    assert ("bills", "change_provision") in permissions
    assert ("bills", "change_bill") in permissions
    assert ("bills", "view_party") in permissions
    assert ("bills", "change_party") not in permissions  # The reference lists come from bills/data.
    assert [codename for app, codename in permissions if app == "auth"] == []


def test_edna_the_editor_can_change_a_provision(edna, sb_6280):
    provision = sb_6280.provisions.first()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(edna.get(url))
    data["plain"] = "Police need a warrant from a judge."

    response = edna.post(url, data)

    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.plain == "Police need a warrant from a judge."


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/", "/admin/auth/group/add/"],
)
def test_edna_the_editor_cannot_manage_users_or_groups(edna, url):
    assert edna.get(url).status_code == 403


def test_edna_the_editor_can_view_but_not_add_to_the_reference_lists(edna):
    assert edna.get(changelist("party")).status_code == 200
    assert edna.get(reverse("admin:bills_party_add")).status_code == 403
    assert edna.get(reverse("admin:bills_jurisdiction_add")).status_code == 403


# Every page loads.


def test_every_bills_model_has_an_admin():
    models = {
        model._meta.model_name
        for model in apps.get_app_config("bills").get_models()
        if not model.__name__.startswith("Historical")
    }

    assert set(BILLS_ADMINS) == models


@pytest.mark.parametrize("model_name", BILLS_ADMINS)
def test_every_admin_page_loads_for_ada_the_administrator(ada, sb_6280, model_name):
    model = apps.get_model("bills", model_name)
    obj = model._default_manager.first()
    urls = [
        changelist(model_name),
        reverse(f"admin:bills_{model_name}_change", args=[obj.pk]),
        reverse(f"admin:bills_{model_name}_history", args=[obj.pk]),
    ]
    if model_name not in MADE_BY_VISITORS:
        urls.append(reverse(f"admin:bills_{model_name}_add"))

    for url in urls:
        assert ada.get(url).status_code == 200, url


def test_the_bill_change_page_shows_every_part_inline(edna, sb_6280):
    response = edna.get(reverse("admin:bills_bill_change", args=[sb_6280.pk]))

    assert response.status_code == 200
    inlines = {
        inline.formset.prefix: len(inline.formset.forms)
        for inline in response.context["inline_admin_formsets"]
    }
    assert inlines == {
        "provisions": 2,
        "definitions": 1,
        "sponsors": 1,
        "actions": 1,
        "sources": 1,
        "related_links": 1,
        "definition_sources": 1,
    }


@pytest.mark.parametrize("bill_count", [3, 30])
@pytest.mark.parametrize("model_name", BILLS_ADMINS)
def test_every_changelist_loads_in_a_fixed_number_of_queries(
    ada, taxonomy, django_assert_max_num_queries, model_name, bill_count
):
    for number in range(bill_count):
        make_bill_with_everything(number)
    url = changelist(model_name)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = ada.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize(("model_name", "model_admin"), [("bill", BillAdmin), ("provision", ProvisionAdmin)])
def test_every_list_filter_choice_answers(edna, sb_6280, model_name, model_admin):
    cl = edna.get(changelist(model_name)).context["cl"]
    query_strings = [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]

    failures = {
        query: response.status_code
        for query in query_strings
        if (response := edna.get(changelist(model_name) + query)).status_code != 200
    }

    assert len(cl.filter_specs) == len(model_admin.list_filter)
    assert len(query_strings) > 2 * len(model_admin.list_filter)
    assert failures == {}  # A bad filter option redirects to ?e=1 instead.


@pytest.mark.parametrize(
    ("model_name", "query", "expected"),
    [("bill", "SB 6280", 1), ("bill", "facial recognition services", 2), ("provision", "warrant", 2)],
)
def test_the_admin_search_finds_what_was_asked_for(edna, taxonomy, model_name, query, expected):
    make_bill(identifier="HB 1654", slug="wa-hb-1654-2019", session="2019 Regular Session")
    make_bill_with_everything(0)
    make_bill_with_everything(1)

    response = edna.get(changelist(model_name), {"q": query})

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_the_needs_review_filter_lists_only_low_confidence_provisions(edna, sb_6280):
    response = edna.get(changelist("provision"), {"review": "needed"})

    shown = list(response.context["cl"].result_list)
    assert [provision.confidence for provision in shown] == [Confidence.LOW]


# Forms explain what is wrong, and save nothing.


def test_the_add_form_saves_a_good_bill(edna, taxonomy):
    response = edna.post(reverse("admin:bills_bill_add"), new_bill_data(edna))

    assert response.status_code == 302
    assert Bill.objects.get(slug="wa-sb-6280-2020-again").introduced == datetime.date(2020, 1, 14)


def test_the_add_form_names_the_bill_that_already_exists(edna, sb_6280):
    response = edna.post(reverse("admin:bills_bill_add"), new_bill_data(edna))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Washington already has a bill SB 6280 in the session “2020 Regular Session”. "
        "Edit that bill instead of adding it twice."
    ]
    assert "Washington already has a bill SB 6280" in response.content.decode()
    assert Bill.objects.filter(identifier="SB 6280").count() == 1


def test_the_add_form_rejects_a_slug_already_in_use(edna, sb_6280):
    data = new_bill_data(edna, identifier="SB 9999", slug=sb_6280.slug)

    response = edna.post(reverse("admin:bills_bill_add"), data)

    assert response.context["adminform"].form.errors == {"slug": ["Bill with this Slug already exists."]}
    assert not Bill.objects.filter(identifier="SB 9999").exists()


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"introduced": "2020-03-01", "status_date": "2020-01-14"},
            "status_date",
            "The status date (14 Jan 2020) is before the bill was introduced (01 Mar 2020).",
        ),
        (
            {"introduced": "2020-03-01", "status_date": "", "effective": "2020-01-14"},
            "effective",
            "The law cannot take effect (14 Jan 2020) before the bill was introduced (01 Mar 2020).",
        ),
        (
            {"effective": "2021-07-01", "expires": "2021-06-30"},
            "expires",
            "The sunset date (30 Jun 2021) is before the law takes effect (01 Jul 2021).",
        ),
    ],
    ids=["status-before-introduced", "effective-before-introduced", "sunset-before-effective"],
)
def test_the_change_form_rejects_dates_out_of_order(edna, sb_6280, dates, field, message):
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    data.update(dates)

    response = edna.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [message]}
    sb_6280.refresh_from_db()
    assert (sb_6280.introduced, sb_6280.effective) == (datetime.date(2020, 1, 14), None)


def test_a_malformed_date_is_a_form_error_and_nothing_is_saved(edna, taxonomy):
    data = new_bill_data(edna, introduced="2020-13-45")

    response = edna.post(reverse("admin:bills_bill_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"introduced": ["Enter a valid date."]}
    assert Bill.objects.count() == 0


def test_a_provision_must_govern_at_least_one_party(edna, sb_6280):
    provision = sb_6280.provisions.first()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(edna.get(url))
    del data["parties"]

    response = edna.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parties": [MISSING_PARTY]}
    assert list(provision.parties.values_list("slug", flat=True)) == ["law-enforcement"]


def test_a_provision_edited_on_its_bills_page_must_govern_at_least_one_party(edna, sb_6280):
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    del data["provisions-0-parties"]

    response = edna.post(url, data)

    assert response.status_code == 200
    provisions = response.context["inline_admin_formsets"][0].formset
    assert provisions.errors[0] == {"parties": [MISSING_PARTY]}


# Actions report back.


def run_action(client, model_name: str, action: str, objects):
    """Select ``objects`` on the changelist and run ``action``, as a person would."""
    return client.post(
        changelist(model_name), {"action": action, "_selected_action": [str(obj.pk) for obj in objects]}
    )


def messages_for(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_marking_provisions_reviewed_raises_their_confidence(edna, taxonomy):
    bill = make_bill()
    low = make_provision(bill, category="warrant", confidence=Confidence.LOW)
    medium = make_provision(bill, category="notice", confidence=Confidence.MEDIUM)

    response = run_action(edna, "provision", "mark_reviewed_high", [low, medium])

    assert response.status_code == 302
    assert messages_for(response) == ["2 provision(s) marked high confidence."]
    assert set(Provision.objects.values_list("confidence", flat=True)) == {Confidence.HIGH}


def test_marking_provisions_reviewed_against_summaries_never_lowers_high_confidence(edna, taxonomy):
    bill = make_bill()
    low = make_provision(bill, category="warrant", confidence=Confidence.LOW)
    high = make_provision(bill, category="notice", confidence=Confidence.HIGH)

    response = run_action(edna, "provision", "mark_reviewed_medium", [low, high])

    assert messages_for(response) == ["1 provision(s) marked medium confidence."]
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.confidence, high.confidence) == (Confidence.MEDIUM, Confidence.HIGH)


def ready_draft():
    """An unpublished bill with what publishing needs: a source and a published provision."""
    draft = make_bill(is_published=False)
    make_source(draft)
    make_provision(draft)
    return draft


def test_publishing_bills_shows_them_and_says_how_many(edna, taxonomy):
    drafts = [ready_draft(), ready_draft()]
    already_public = make_bill(is_published=True)

    response = run_action(edna, "bill", "publish", [*drafts, already_public])

    assert messages_for(response) == ["2 bill(s) published."]
    assert Bill.objects.published().count() == 3


def test_unpublishing_bills_hides_them_and_says_how_many(edna, taxonomy):
    public = make_bill(is_published=True)
    draft = make_bill(is_published=False)

    response = run_action(edna, "bill", "unpublish", [public, draft])

    assert messages_for(response) == ["1 bill(s) unpublished."]
    assert Bill.objects.published().count() == 0


def test_marking_facts_checked_today_dates_them_and_records_who_did_it(edna, edna_account, taxonomy):
    stale = make_bill(checked=datetime.date(2025, 1, 2))
    fresh = make_bill(checked=timezone.localdate())

    response = run_action(edna, "bill", "mark_checked_today", [stale, fresh])

    assert messages_for(response) == [f"1 bill(s) marked as checked on {timezone.localdate():%-d %B %Y}."]
    stale.refresh_from_db()
    assert stale.checked == timezone.localdate()
    latest = stale.history.latest()
    assert latest.history_user == edna_account
    assert latest.history_change_reason == "Facts checked against the sources"
