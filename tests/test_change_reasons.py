"""Staff say why they changed something, see a bill's whole history in one place, and see the
difference before they revert.

Edna the editor makes the edits; Vera the visitor reads the feeds.
"""

import datetime
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from bills.history import word_diff
from bills.models import Bill, Provision

from .factories import admin_form_data, make_bill, make_provision, make_source

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

REASON = "Corrected section per RCW text"
OLD_TEXT = "Police need a warrant."
NEW_TEXT = "Police need a warrant from a judge before they run a face search."
# Longer than anything the old history list showed in full (it cut values to 80-odd characters).
LONG_TEXT = (
    "Before an agency builds, buys or uses face recognition, it must first tell its elected leaders "
    "in writing, say what the tool will be used for, publish a report anyone can read, hold at "
    "least three public meetings around the state, and answer every comment it gets before the "
    "tool is switched on."
)


@pytest.fixture
def sb_6280(taxonomy):
    bill = make_bill(identifier="SB 6280", slug="wa-sb-6280-2020")
    make_provision(bill, category="warrant", plain=OLD_TEXT)
    make_source(bill)
    return bill


def post_change(client, url: str, **changes):
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def bill_url(bill: Bill) -> str:
    return reverse("admin:bills_bill_change", args=[bill.pk])


def provision_url(provision: Provision) -> str:
    return reverse("admin:bills_provision_change", args=[provision.pk])


def bill_history(client, bill: Bill):
    response = client.get(reverse("admin:bills_bill_history", args=[bill.pk]))
    assert response.status_code == 200
    return response


# Change reasons.


def test_a_save_with_a_reason_stores_it_and_every_history_list_shows_it(edna, sb_6280):
    provision = sb_6280.provisions.get()

    post_change(edna, provision_url(provision), plain=NEW_TEXT, change_reason=REASON)

    assert provision.history.latest().history_change_reason == REASON
    own_history = edna.get(reverse("admin:bills_provision_history", args=[provision.pk]))
    assert REASON in own_history.content.decode()
    assert REASON in bill_history(edna, sb_6280).content.decode()


def test_a_reason_given_on_the_bill_page_is_kept_for_the_bill_and_each_part_changed(edna, sb_6280):
    provision = sb_6280.provisions.get()

    post_change(
        edna,
        bill_url(sb_6280),
        short_title="Facial recognition services",
        **{"provisions-0-plain": NEW_TEXT, "change_reason": REASON},
    )

    assert sb_6280.history.latest().history_change_reason == REASON
    assert provision.history.latest().history_change_reason == REASON


def test_a_save_without_a_reason_shows_no_none_in_the_history(edna, sb_6280):
    provision = sb_6280.provisions.get()
    post_change(edna, provision_url(provision), plain=NEW_TEXT)

    response = edna.get(reverse("admin:bills_provision_history", args=[provision.pk]))

    assert provision.history.latest().history_change_reason is None
    assert ">None<" not in response.content.decode().replace(" ", "").replace("\n", "")


def test_a_reason_alone_saves_nothing(edna, sb_6280):
    rows_before = sb_6280.history.count()

    post_change(edna, bill_url(sb_6280), change_reason="Just looking")

    assert sb_6280.history.count() == rows_before


def test_the_feeds_say_why_where_the_editor_said(vera, edna, sb_6280):
    post_change(edna, bill_url(sb_6280), status="vetoed", change_reason=REASON)
    edna.logout()

    parsed = feedparser.parse(vera.get(reverse("bills:bill_feed", args=[sb_6280.slug])).content)

    assert f"(Why: {REASON})" in parsed.entries[0].summary


# One history per bill.


def test_the_bills_history_includes_an_edit_to_one_of_its_provisions(edna, edna_account, sb_6280):
    provision = sb_6280.provisions.get()
    post_change(edna, provision_url(provision), plain=NEW_TEXT, change_reason=REASON)

    response = bill_history(edna, sb_6280)

    newest = response.context["page_obj"].object_list[0]
    assert newest.name == "Rule: Warrant or court order (requires)"
    assert (newest.row.history_user, newest.row.history_change_reason) == (edna_account, REASON)
    assert [(change.label, change.old, change.new) for change in newest.changes] == [
        ("Plain-language summary", OLD_TEXT, NEW_TEXT)
    ]
    kinds = {entry.kind for entry in response.context["page_obj"].object_list}
    assert {"bill", "provision", "source"} <= kinds


def test_a_long_history_works_out_the_differences_of_the_page_shown_only(edna, sb_6280, monkeypatch):
    from bills import admin as bills_admin
    from bills import history

    provision = sb_6280.provisions.get()
    per_page = bills_admin.BillAdmin.history_list_per_page
    for number in range(per_page + 10):  # more edits than a page shows, each with a long text
        provision.plain = f"{OLD_TEXT} Edit number {number} of a summary long enough to compare."
        provision.save()
    worked_out = []
    original = history.field_changes
    monkeypatch.setattr(history, "field_changes", lambda *args: worked_out.append(1) or original(*args))

    first = bill_history(edna, sb_6280)
    edits_shown = sum(entry.action == "Changed" for entry in first.context["page_obj"].object_list)

    assert first.context["page_obj"].paginator.count > per_page
    assert 0 < len(worked_out) <= edits_shown
    assert "Edit number" in first.content.decode()


def test_the_bills_history_is_newest_first_and_links_each_row_to_its_revert_screen(edna, sb_6280):
    post_change(edna, bill_url(sb_6280), short_title="Facial recognition services")

    entries = bill_history(edna, sb_6280).context["page_obj"].object_list

    dates = [entry.when for entry in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        assert edna.get(entry.revert_url).status_code == 200


def test_a_long_text_is_shown_in_full_with_the_changed_words_marked(edna, sb_6280):
    provision = sb_6280.provisions.get()
    post_change(edna, provision_url(provision), plain=LONG_TEXT)
    longer = LONG_TEXT.replace("three public meetings", "five public meetings")
    post_change(edna, provision_url(provision), plain=longer)

    for url in (
        reverse("admin:bills_bill_history", args=[sb_6280.pk]),
        reverse("admin:bills_provision_history", args=[provision.pk]),
    ):
        page = edna.get(url).content.decode()

        assert "chars]" not in page  # The old list's "Befor[36 chars]must…"
        assert "<del>three</del><ins>five</ins>" in page
        assert "and answer every comment it gets before the tool is switched on." in page


def test_a_word_diff_keeps_every_word_and_marks_only_the_changed_ones():
    runs = word_diff("Police need a warrant.", "Police need a court warrant.")

    assert "".join(run.text for run in runs if run.kind != "removed") == "Police need a court warrant."
    assert [(run.kind, run.text) for run in runs if run.kind != "same"] == [("added", "court ")]


def test_line_breaks_typed_in_a_browser_are_not_a_change(edna, sb_6280):
    provision = sb_6280.provisions.get()
    provision.detail = "First line.\nSecond line."
    provision.save()
    rows_before = provision.history.count()
    data = admin_form_data(edna.get(provision_url(provision)))
    data["detail"] = "First line.\r\nSecond line."  # What every browser sends for a line break.

    assert edna.post(provision_url(provision), data).status_code == 302
    assert provision.history.count() == rows_before


# Reverting.


def test_the_revert_screen_shows_the_difference_before_anything_is_saved(edna, sb_6280):
    provision = sb_6280.provisions.get()
    original = provision.history.latest()
    post_change(edna, provision_url(provision), plain=NEW_TEXT)
    rows_before = provision.history.count()
    url = reverse("admin:bills_provision_simple_history", args=[provision.pk, original.history_id])

    response = edna.get(url)

    assert response.status_code == 200
    changes = response.context["revert_changes"]
    assert [(change.label, change.old, change.new) for change in changes] == [
        ("Plain-language summary", NEW_TEXT, OLD_TEXT)
    ]
    page = response.content.decode()
    assert "Reverting changes the current version like this" in page
    assert page.index("revert-preview") < page.index('name="plain"')
    assert provision.history.count() == rows_before
    provision.refresh_from_db()
    assert provision.plain == NEW_TEXT


def test_a_revert_records_who_did_it_back_to_which_version_and_why(edna, edna_account, sb_6280):
    provision = sb_6280.provisions.get()
    original = provision.history.latest()
    post_change(edna, provision_url(provision), plain=NEW_TEXT)
    url = reverse("admin:bills_provision_simple_history", args=[provision.pk, original.history_id])
    data = admin_form_data(edna.get(url))
    data["change_reason"] = "The judge wording was wrong"

    assert edna.post(url, data).status_code == 302

    latest = provision.history.latest()
    when = timezone.localtime(original.history_date)
    assert latest.plain == OLD_TEXT
    assert latest.history_user == edna_account
    assert latest.history_change_reason == (
        f"Reverted to the version of {when.day} {when:%B %Y}: The judge wording was wrong"
    )
    assert latest.history_change_reason in bill_history(edna, sb_6280).content.decode()


def test_a_revert_without_a_reason_still_says_it_was_a_revert(edna, sb_6280):
    sb_6280.history.update(history_date=timezone.make_aware(datetime.datetime(2026, 3, 3, 9, 0)))
    original = sb_6280.history.latest()
    post_change(edna, bill_url(sb_6280), short_title="Facial recognition services")
    url = reverse("admin:bills_bill_simple_history", args=[sb_6280.pk, original.history_id])

    assert edna.post(url, admin_form_data(edna.get(url))).status_code == 302

    assert sb_6280.history.latest().history_change_reason == "Reverted to the version of 3 March 2026"
    sb_6280.refresh_from_db()
    assert sb_6280.short_title == ""


def test_the_feeds_leave_out_the_loaders_own_bookkeeping_reasons(vera, sb_6280):
    Bill.history.filter(id=sb_6280.pk).update(history_change_reason="Loaded from data file")

    parsed = feedparser.parse(vera.get(reverse("bills:bill_feed", args=[sb_6280.slug])).content)

    assert "Why:" not in parsed.entries[0].summary


@pytest.mark.parametrize("page", ["bill form", "bill history", "revert screen", "review queue"])
def test_the_new_staff_pages_have_no_inline_styles_or_scripts(ada, sb_6280, page):
    original = sb_6280.history.latest()
    url = {
        "bill form": bill_url(sb_6280),
        "bill history": reverse("admin:bills_bill_history", args=[sb_6280.pk]),
        "revert screen": reverse("admin:bills_bill_simple_history", args=[sb_6280.pk, original.history_id]),
        "review queue": reverse("admin:bills_bill_review"),
    }[page]

    response = ada.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", html)
