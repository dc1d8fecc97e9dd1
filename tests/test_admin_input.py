"""What editors type is checked before it is saved, and staff pages keep the strict CSP.

Personas: Edna the editor (staff, in the Editors group) and Ada the administrator.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from bills.editors import EDITABLE_MODELS, EDITORS
from bills.models import Bill, Sponsor

from .factories import admin_form_data, make_action, make_bill, make_provision, make_sponsor, new_bill_data

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

TOO_EARLY = "Enter a date in 1900 or later; an earlier year is usually a typing slip."


@pytest.fixture
def sb_6280(taxonomy):
    bill = make_bill(identifier="SB 6280", slug="wa-sb-6280-2020", session="2020 Regular Session")
    make_provision(bill)
    make_sponsor(bill)
    make_action(bill, bill.introduced)
    return bill


def test_the_same_identifier_in_other_letter_case_is_the_same_bill(edna, sb_6280):
    data = new_bill_data(edna, identifier="sb 6280", slug="wa-sb-6280-2020-lower")

    response = edna.post(reverse("admin:bills_bill_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Washington already has a bill SB 6280 in the session “2020 Regular Session”. "
        "Edit that bill instead of adding it twice."
    ]
    assert Bill.objects.filter(identifier__iexact="SB 6280").count() == 1


def test_the_same_identifier_in_another_session_is_another_bill(edna, sb_6280):
    data = new_bill_data(edna, identifier="sb 6280", slug="wa-sb-6280-2022", session="2022 Regular Session")

    assert edna.post(reverse("admin:bills_bill_add"), data).status_code == 302


@pytest.mark.parametrize("field", ["introduced", "status_date", "effective", "expires", "checked"])
def test_a_bill_date_before_1900_is_refused(edna, sb_6280, field):
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    data.update(introduced="", status_date="", effective="", expires="", checked="")
    data[field] = "0220-03-31"

    response = edna.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [TOO_EARLY]}


def test_an_action_date_before_1900_is_refused_on_the_bills_page_too(edna, sb_6280):
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    data["actions-0-date"] = "1899-12-31"

    response = edna.post(url, data)

    actions = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "actions")
    assert actions.formset.errors[0] == {"date": [TOO_EARLY]}


def test_1900_itself_is_accepted(edna, sb_6280):
    url = reverse("admin:bills_bill_change", args=[sb_6280.pk])
    data = admin_form_data(edna.get(url))
    data.update(introduced="1900-01-01", status_date="", effective="", expires="")

    assert edna.post(url, data).status_code == 302


@pytest.mark.parametrize("model_name", ["bill", "provision", "sponsor", "action"])
def test_history_pages_have_no_inline_styles_or_scripts(ada, sb_6280, model_name):
    obj = sb_6280 if model_name == "bill" else getattr(sb_6280, f"{model_name}s").first()
    response = ada.get(reverse(f"admin:bills_{model_name}_history", args=[obj.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", page)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_readme_and_the_editors_group_agree_that_editors_may_delete(db):
    permissions = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    readme = " ".join((settings.BASE_DIR / "README.md").read_text().split())

    assert {f"delete_{model}" for model in EDITABLE_MODELS} <= permissions
    assert "they can add, change and delete bills, provisions, sponsors, actions, sources" in readme


def test_edna_brings_back_a_sponsor_she_deleted_from_its_history(edna, sb_6280):
    sponsor = sb_6280.sponsors.get()
    delete_url = reverse("admin:bills_sponsor_delete", args=[sponsor.pk])
    assert edna.post(delete_url, {"post": "yes"}).status_code == 302
    last = (
        Sponsor.history.filter(id=sponsor.pk, history_type="~").first()
        or Sponsor.history.filter(id=sponsor.pk, history_type="+").get()
    )

    history = edna.get(reverse("admin:bills_sponsor_history", args=[sponsor.pk]))
    revert_url = reverse("admin:bills_sponsor_simple_history", args=[sponsor.pk, last.history_id])
    response = edna.post(revert_url, admin_form_data(edna.get(revert_url)))

    assert history.status_code == 200
    assert response.status_code == 302
    assert Sponsor.objects.get(pk=sponsor.pk).name == sponsor.name
