"""The glossary: every term a reader meets has an entry, and every link to one lands on it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bills.glossary import WORDS
from bills.models import Category, Effect, Party, Standing, Status

from .factories import make_bill, make_provision
from .test_site_guards import every_page

pytestmark = pytest.mark.usefixtures("taxonomy")

GLOSSARY = reverse("bills:glossary")
# Named by the issue that asked for the glossary: each must be explained.
REQUIRED_WORDS = {
    "codified",
    "sunset",
    "moratorium",
    "warrant",
    "probable-cause",
    "private-right-of-action",
    "preemption",
    "coverage",
    "confidence",
    "accountability-report",
}


def glossary_ids(client) -> set[str]:
    return set(re.findall(r'<dt id="([^"]+)"', client.get(GLOSSARY).content.decode()))


def test_the_glossary_explains_every_status_standing_effect_topic_party_and_legal_word(vera):
    ids = glossary_ids(vera)

    assert {f"status-{s}" for s in Status.values} <= ids
    assert {f"standing-{s}" for s in Standing.values} <= ids
    assert {f"effect-{e}" for e in Effect.values} <= ids
    assert {f"topic-{slug}" for slug in Category.objects.values_list("slug", flat=True)} <= ids
    assert {f"party-{slug}" for slug in Party.objects.values_list("slug", flat=True)} <= ids
    assert ids >= REQUIRED_WORDS


def test_every_explanation_is_short_enough_for_a_young_reader():
    for _, term, text in WORDS:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        assert len(sentences) <= 3, term
        assert all(len(sentence.split()) <= 25 for sentence in sentences), term


def test_every_glossary_link_on_the_pages_lands_on_an_entry(vera):
    bill = make_bill(slug="wa-sb-6280-2020", codified_as="RCW 43.386", expires="2030-06-30")
    make_provision(bill, category="warrant", effect=Effect.REQUIRES)
    ids = glossary_ids(vera)
    linked = set()

    for url in every_page(bill):
        page = vera.get(url).content.decode()
        for anchor in re.findall(rf'href="{GLOSSARY}#([^"]+)"', page):
            assert anchor in ids, f"{url} links to a missing entry #{anchor}"
            linked.add(anchor)

    assert {"effect-requires", "standing-in-force", "sunset", "codified"} <= linked


def test_the_bill_page_links_its_standing_and_its_rules_effects_to_the_glossary(vera):
    bill = make_bill(codified_as="RCW 43.386")
    make_provision(bill, effect=Effect.PROHIBITS)

    page = vera.get(bill.get_absolute_url()).content.decode()

    assert f'href="{GLOSSARY}#standing-in-force"' in page
    assert f'href="{GLOSSARY}#effect-prohibits"' in page
    assert f'href="{GLOSSARY}#codified"' in page


def test_the_grid_keeps_one_link_per_rule(vera):
    one, two = make_bill(), make_bill()
    make_provision(one, effect=Effect.REQUIRES)

    page = vera.get(reverse("bills:compare"), {"bills": [one.slug, two.slug]}).content.decode()
    table = page[page.index("<table") : page.index("</table>")]

    assert f"{GLOSSARY}#effect-" not in table
