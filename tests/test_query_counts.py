"""Each public page runs a fixed number of queries, however many bills, provisions and parties it shows."""

import pytest
from django.db import connection
from django.urls import reverse

from .factories import (
    make_action,
    make_bill,
    make_definition,
    make_definition_source,
    make_provision,
    make_related,
    make_source,
    make_sponsor,
)

pytestmark = pytest.mark.usefixtures("taxonomy")

# One constant per page, shared by every size and filter variant below.
HOME_QUERIES = 8  # 4 of them for the state map and the places abroad
# A row's parties come as (bill, party) pairs in one query; a search adds its first matching rules.
BILL_LIST_QUERIES = 7
# PostgreSQL also reads the places whose name matches first, and counts and ranks in a transaction
# that tells the planner to use the search indexes (its begin, setting, setting back and end:
# search.index_first).
BILL_SEARCH_QUERIES = 13 if connection.vendor == "postgresql" else 8
# The bill page: with its definitions and their sources, and its related bills both ways in one.
BILL_DETAIL_QUERIES = 11
TOPIC_QUERIES = 4
# One more than when the page listed every rule: the first query picks each topic's first few rows
# from an index alone, the second reads only those, instead of reading every rule on the party.
PARTY_QUERIES = 4
# One topic's (or one effect's) rules, a page at a time: the party or topic, the count, the page (a
# topic page adds the rules' parties), and the footer's date.
PARTY_TOPIC_QUERIES = 5
TOPIC_EFFECT_QUERIES = 5
JURISDICTION_QUERIES = 6
# The topics or parties, their counts in one narrow grouped query, and the footer's date.
TOPIC_LIST_QUERIES = 3
PARTY_LIST_QUERIES = 3
JURISDICTION_LIST_QUERIES = 6  # 4 of them for the state map and the places abroad
ABOUT_QUERIES = 3

PARTY_SETS = [["government-agencies"], ["law-enforcement", "schools"], ["developers", "private-entities"]]
CATEGORIES = ["warrant", "consent", "ban", "human-review", "notice"]


def make_bills(count: int):
    """``count`` published bills, each with sponsors, actions, sources, a link and varied provisions."""
    bills = []
    for index in range(count):
        bill = make_bill("washington" if index % 2 else "maine", slug=f"bill-{index}")
        for position in range(3):
            make_provision(
                bill,
                category=CATEGORIES[(index + position) % len(CATEGORIES)],
                parties=PARTY_SETS[(index + position) % len(PARTY_SETS)],
            )
        make_sponsor(bill)
        make_action(bill, bill.introduced)
        make_source(bill)
        if bills:
            make_related(bill, bills[-1], "amends")
        bills.append(bill)
    return bills


def make_big_bill(provision_count: int):
    bill = make_bill(slug="big")
    for index in range(provision_count):
        make_provision(bill, category=CATEGORIES[index % len(CATEGORIES)], parties=PARTY_SETS[index % 3])
        make_sponsor(bill, f"Sen. Number {index}")
        make_source(bill, f"Source {index}")
        make_definition(
            bill, f"Term {index}", includes=["one", "two"], excludes=["three"], display_order=index
        )
        make_definition_source(bill, f"Definition source {index}")
    other = make_bill(slug="other")
    make_related(bill, other, "amends")
    make_related(other, bill, "amended-by")
    return bill


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("bills:home"), HOME_QUERIES),
        (reverse("bills:bill_list"), BILL_LIST_QUERIES),
        (
            reverse("bills:bill_list") + "?status=enacted&party=schools&category=warrant&q=act",
            BILL_SEARCH_QUERIES,
        ),
        (reverse("bills:bill_list") + "?level=state&sort=-introduced&page=1", BILL_LIST_QUERIES),
        (reverse("bills:bill_list") + "?status=in-force&on=2021-01-01", BILL_LIST_QUERIES),
        (reverse("bills:category", args=["warrant"]), TOPIC_QUERIES),
        (reverse("bills:category", args=["warrant"]) + "?on=2021-01-01&show=all", TOPIC_QUERIES),
        (reverse("bills:party", args=["schools"]), PARTY_QUERIES),
        (reverse("bills:party", args=["schools"]) + "?on=2021-01-01", PARTY_QUERIES),
        (reverse("bills:party", args=["schools"]) + "?topic=consent&page=1", PARTY_TOPIC_QUERIES),
        (reverse("bills:category", args=["warrant"]) + "?effect=requires&show=all", TOPIC_EFFECT_QUERIES),
        (reverse("bills:jurisdiction", args=["washington"]), JURISDICTION_QUERIES),
        (reverse("bills:jurisdiction", args=["washington"]) + "?show=all", JURISDICTION_QUERIES),
        (reverse("bills:category_list"), TOPIC_LIST_QUERIES),
        (reverse("bills:party_list"), PARTY_LIST_QUERIES),
        (reverse("bills:jurisdiction_list"), JURISDICTION_LIST_QUERIES),
        (reverse("bills:about"), ABOUT_QUERIES),
    ],
)
def test_page_query_count_does_not_grow_with_the_bills_shown(
    vera, django_assert_num_queries, count, url, expected
):
    make_bills(count)

    with django_assert_num_queries(expected):
        response = vera.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("provision_count", [3, 30])
def test_bill_page_query_count_does_not_grow_with_its_provisions(
    vera, django_assert_num_queries, provision_count
):
    bill = make_big_bill(provision_count)

    with django_assert_num_queries(BILL_DETAIL_QUERIES):
        response = vera.get(bill.get_absolute_url())

    assert response.status_code == 200
    assert response.context["provision_count"] == provision_count
