"""Staff-only URLs that once answered 500 now answer a clear 4xx.

Persona: Ada the site administrator (a superuser), who can reach every admin page.
"""

import pytest
from django.urls import reverse

from bills.models import Category, Party

from .factories import admin_form_data, make_action, make_bill

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@pytest.fixture
def a_bill(taxonomy):
    bill = make_bill()
    make_action(bill, bill.introduced)
    return bill


@pytest.mark.parametrize(
    "url",
    [
        "/admin/bills/bill/abc/history/",
        "/admin/bills/bill/abc/history/1/",
        "/admin/bills/bill/{pk}/history/%C2%B2/",
        "/admin/bills/bill/{pk}/history/99999999999999999999999/",
        "/admin/bills/bill/add/?jurisdiction=abc",
        "/admin/bills/action/?date__year=99999999999999999999",
        "/admin/autocomplete/?term=%00&app_label=bills&model_name=provision&field_name=bill",
    ],
)
def test_a_former_500_now_answers_a_client_error(ada, a_bill, url):
    response = ada.get(url.format(pk=a_bill.pk))

    assert 400 <= response.status_code < 500, response.status_code


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999"])
@pytest.mark.parametrize("field", ["bill", "category", "parties"])
def test_a_provision_form_sent_with_an_impossible_id_is_a_form_error(ada, a_bill, field, bad_id):
    url = reverse("admin:bills_provision_add")
    data = admin_form_data(ada.get(url))
    data.update(
        bill=str(a_bill.pk),
        category=str(Category.objects.get(slug="warrant").pk),
        effect="requires",
        parties=[str(Party.objects.get(slug="law-enforcement").pk)],
        plain="Police need a warrant.",
    )
    data[field] = bad_id

    response = ada.post(url, data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
