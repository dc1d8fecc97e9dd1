"""Staff see how hard their plain-language texts are to read, and are warned above grade 8.

Edna the editor writes the texts.
"""

import sys

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from bills.readability import GRADE_LIMIT, read, reading_grade

from .factories import admin_form_data, make_bill, make_provision, make_source

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

EASY = "Police need a warrant. A judge must say yes first."
HARD_SENTENCE = (
    "Notwithstanding the foregoing, comprehensive accountability determinations necessitate "
    "substantial organizational commitments from governmental instrumentalities."
)
HARD = f"Police need a warrant. {HARD_SENTENCE}"


def messages_for(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def save_plain(client, url: str, field: str, text: str):
    data = admin_form_data(client.get(url))
    data[field] = text
    response = client.post(url, data)
    assert response.status_code == 302
    return messages_for(response)


def test_textstat_grades_an_easy_text_below_the_limit_and_a_hard_one_above_it():
    assert reading_grade(EASY) <= GRADE_LIMIT < reading_grade(HARD)
    assert reading_grade("") is None


def test_the_hardest_sentence_is_the_one_named():
    reading = read(HARD)

    assert reading.too_hard
    assert reading.hardest == HARD_SENTENCE


def test_saving_a_hard_provision_warns_with_its_grade_and_hardest_sentence(edna, taxonomy):
    provision = make_provision(make_bill())
    url = reverse("admin:bills_provision_change", args=[provision.pk])

    shown = save_plain(edna, url, "plain", HARD)

    (warning,) = [message for message in shown if "aim for grade 8" in message]
    assert f"reads at grade {reading_grade(HARD)}" in warning
    assert f"Hardest sentence (grade {reading_grade(HARD_SENTENCE)}): “{HARD_SENTENCE}”" in warning


def test_saving_an_easy_provision_shows_its_grade_without_a_warning(edna, taxonomy):
    provision = make_provision(make_bill())
    url = reverse("admin:bills_provision_change", args=[provision.pk])

    shown = save_plain(edna, url, "plain", EASY)

    assert not [message for message in shown if "aim for grade" in message]
    assert any(f"reads at grade {reading_grade(EASY)}." in message for message in shown)


def test_a_hard_provision_saved_on_its_bills_page_is_warned_about_too(edna, taxonomy):
    bill = make_bill()
    make_provision(bill)
    make_source(bill)

    shown = save_plain(edna, reverse("admin:bills_bill_change", args=[bill.pk]), "provisions-0-plain", HARD)

    assert any("aim for grade 8" in message and HARD_SENTENCE in message for message in shown)


def test_the_bill_form_shows_the_summarys_grade(edna, taxonomy):
    bill = make_bill(plain_summary=HARD)

    page = edna.get(reverse("admin:bills_bill_change", args=[bill.pk])).content.decode()

    assert f"Grade {reading_grade(HARD)}: too hard for most readers" in page


def test_the_bill_list_shows_each_grade_and_filters_the_hard_to_read(edna, taxonomy):
    easy = make_bill(plain_summary=EASY)
    hard = make_bill(plain_summary=HARD)
    url = reverse("admin:bills_bill_changelist")

    everything = edna.get(url).content.decode()
    filtered = edna.get(url, {"reading": "hard"})

    assert f'<span class="reading-hard">{reading_grade(HARD)} (hard)</span>' in everything
    assert str(reading_grade(EASY)) in everything
    assert list(filtered.context["cl"].result_list) == [hard]
    assert easy not in filtered.context["cl"].result_list


def test_grading_uses_the_installed_dictionaries_and_fetches_nothing():
    # textstat 0.7.9+ reads NLTK's cmudict, which NLTK downloads on first use; 0.7.8 ships it.
    reading_grade("Every word here has its syllables counted from a bundled dictionary.")

    assert "nltk" not in sys.modules
