"""Loading the researched bills from bills/data: all of them, again without harm, and never a bad file.

Staff edit bills in the admin after they are loaded, so a reload must leave those edits alone unless
``--update`` asks for the files to win, and then the history must say so.
"""

import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bills.loading import BILLS_DIR, CHANGE_REASON, LOAD_REASON, load_bills
from bills.models import (
    Action,
    Bill,
    Category,
    Confidence,
    Definition,
    DefinitionSource,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
)
from bills.reference import JURISDICTIONS_FILE

pytestmark = pytest.mark.django_db

HB_2031 = "va-hb-2031-2021"
SB_741 = "va-sb-741-2022"
HISTORY_KEPT_FOR = [Bill, Provision, Sponsor, Action, Source, RelatedBill, Definition, DefinitionSource]
# Removes a key in bad_bill_file().
MISSING = object()


def row_counts() -> dict[str, int]:
    models = [*HISTORY_KEPT_FOR, Jurisdiction, Party, Category]
    return {model.__name__: model.objects.count() for model in models}


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in HISTORY_KEPT_FOR}


def file_data(slug: str) -> dict:
    return json.loads((BILLS_DIR / f"{slug}.json").read_text(encoding="utf-8"))


def all_files() -> list[dict]:
    """Every bill file of the project's data set, parsed."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(BILLS_DIR.glob("*.json"))]


ALL_FILES = all_files()
BILLS_IN_FILES = len(ALL_FILES)


def count_in_files(key: str) -> int:
    return sum(len(data[key]) for data in ALL_FILES)


def write_bill_file(folder: Path, data: dict, name: str | None = None) -> Path:
    path = folder / (name or f"{data['slug']}.json")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def bad_bill_file(folder: Path, keys: tuple, value) -> Path:
    """A copy of the real Virginia HB 2031 file with one value changed (or removed, for MISSING).

    Its link to SB 741 becomes a bare identifier, so the file stands alone with that one problem.
    """
    data = file_data(HB_2031)
    for link in data["related"]:
        link["slug"] = None
    *parents, last = keys
    target = data
    for key in parents:
        target = target[key]
    if value is MISSING:
        del target[last]
    else:
        target[last] = value
    return write_bill_file(folder, data)


def edit_hb_2031_as_staff() -> tuple[Bill, Provision]:
    """What an editor does in the admin: rewrite HB 2031's summary and its first provision."""
    hb_2031 = Bill.objects.get(slug=HB_2031)
    hb_2031.plain_summary = "Edited by staff."
    hb_2031.save()
    provision = hb_2031.provisions.first()
    provision.plain = "Edited by staff too."
    provision.save()
    return hb_2031, provision


def add_provision_as_staff(bill: Bill) -> Provision:
    """What an editor does in the admin: a new provision at the top of the bill, with a party."""
    provision = Provision.objects.create(
        bill=bill,
        category=Category.objects.get(slug="warrant"),
        effect="requires",
        plain="Added by staff.",
        confidence=Confidence.HIGH,
        display_order=0,
    )
    provision.parties.set([Party.objects.get(slug="law-enforcement")])
    return provision


def load(*args, **options) -> str:
    """Run ``manage.py load_bills`` and return what it printed."""
    out = StringIO()
    call_command("load_bills", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="class")
def full_data_set(django_db_setup, django_db_blocker):
    """Every real bill, loaded once per class inside a transaction rolled back after the class.

    Each test still runs in its own savepoint (the ``db`` fixture), so one test's edits never
    reach the next; loading takes seconds, which is why it is not repeated for every test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_bills()
        yield report
        transaction.set_rollback(True)


@pytest.mark.usefixtures("full_data_set")
class TestTheFullDataSet:
    def test_every_bill_provision_and_jurisdiction_is_loaded_and_published(self, full_data_set):
        places = json.loads(JURISDICTIONS_FILE.read_text(encoding="utf-8"))
        assert sorted(full_data_set.created) == sorted(data["slug"] for data in ALL_FILES)
        counts = row_counts()
        in_files = (BILLS_IN_FILES, count_in_files("provisions"), len(places))
        assert (counts["Bill"], counts["Provision"], counts["Jurisdiction"]) == in_files
        assert Bill.objects.published().count() == BILLS_IN_FILES

    def test_every_sponsor_action_source_and_link_is_loaded(self):
        counts = row_counts()

        parts = {name: counts[name] for name in ["Sponsor", "Action", "Source", "RelatedBill"]}
        in_files = [count_in_files(key) for key in ["sponsors", "actions", "sources", "related"]]
        assert parts == dict(zip(["Sponsor", "Action", "Source", "RelatedBill"], in_files, strict=True))

    def test_a_jurisdiction_no_bill_belongs_to_is_loaded_too(self):
        places = json.loads(JURISDICTIONS_FILE.read_text(encoding="utf-8"))
        with_bills = {data["jurisdiction"]["slug"] for data in ALL_FILES}
        without_bills = {place["slug"] for place in places} - with_bills

        assert without_bills  # every US state is listed, with or without a law
        assert set(Jurisdiction.objects.filter(bills=None).values_list("slug", flat=True)) == without_bills

    def test_each_bill_keeps_its_coverage_and_the_day_its_facts_were_checked(self):
        loaded = {
            slug: (coverage, str(checked))
            for slug, coverage, checked in Bill.objects.values_list("slug", "coverage", "checked")
        }

        assert loaded == {data["slug"]: (data["coverage"], data["checked"]) for data in ALL_FILES}
        assert {coverage for coverage, _ in loaded.values()} == {"complete", "partial"}

    def test_town_meetings_voters_and_agencies_act_and_places_beyond_the_us_and_eu_are_held(self):
        new_actors = ["Town Meeting", "Voters", "Agency"]
        in_files = Counter(a["actor"] for data in ALL_FILES for a in data["actions"])
        places = json.loads(JURISDICTIONS_FILE.read_text(encoding="utf-8"))

        for actor in new_actors:
            assert Action.objects.filter(actor=actor).count() == in_files[actor] > 0
        countries = set(Jurisdiction.objects.values_list("country", flat=True))
        assert countries == {place["country"] for place in places}
        assert countries - {"US", "EU"}
        assert Jurisdiction.objects.get(slug="france").parent.slug == "european-union"

    def test_the_links_between_bills_held_here_point_at_those_bills(self):
        held = RelatedBill.objects.exclude(other_bill=None)

        in_files = sorted(
            (data["slug"], link["relation"], link["slug"])
            for data in ALL_FILES
            for link in data["related"]
            if link["slug"]
        )
        assert sorted(held.values_list("bill__slug", "relation", "other_bill__slug")) == in_files
        assert (HB_2031, "amended-by", SB_741) in in_files
        assert (SB_741, "amends", HB_2031) in in_files

    def test_virginia_hb_2031_is_amended_by_sb_741_and_sb_741_amends_it(self):
        hb_2031 = Bill.objects.get(slug=HB_2031)
        sb_741 = Bill.objects.get(slug=SB_741)

        amended_by = hb_2031.related_links.get(relation=RelatedBill.Relation.AMENDED_BY)
        amends = sb_741.related_links.get(relation=RelatedBill.Relation.AMENDS)

        assert (amended_by.other_bill, amended_by.identifier) == (sb_741, "SB 741 (2022)")
        assert (amends.other_bill, amends.identifier) == (hb_2031, "HB 2031 (2021)")

    def test_links_to_bills_not_held_here_keep_their_identifier(self):
        companion = Bill.objects.get(slug=SB_741).related_links.get(relation=RelatedBill.Relation.COMPANION)

        assert (companion.other_bill, companion.identifier) == (None, "HB 1339 (2022)")

    def test_research_notes_are_loaded_for_every_bill(self):
        hb_2031 = Bill.objects.get(slug=HB_2031)

        assert hb_2031.research_notes == file_data(HB_2031)["notes"]
        assert hb_2031.research_notes.startswith("The official introduced text confirms the patrons")
        assert not Bill.objects.filter(research_notes="").exists()

    def test_each_provision_keeps_its_own_confidence(self):
        by_level = {level: Provision.objects.filter(confidence=level).count() for level in Confidence.values}
        in_files = Counter(p["confidence"] for data in ALL_FILES for p in data["provisions"])

        assert by_level == {level: in_files[level] for level in Confidence.values}
        assert Provision.objects.needing_review().count() == in_files["low"] > 0
        expected = [provision["confidence"] for provision in file_data(SB_741)["provisions"]]
        assert list(Bill.objects.get(slug=SB_741).provisions.values_list("confidence", flat=True)) == expected

    def test_a_provisions_parties_are_loaded(self):
        hb_2031 = Bill.objects.get(slug=HB_2031)

        assert [party.slug for party in hb_2031.governed_parties()] == ["law-enforcement", "schools"]

    def test_each_loaded_provision_has_one_history_entry_that_lists_its_parties(self):
        provision = Bill.objects.get(slug=HB_2031).provisions.first()

        entries = list(provision.history.all())
        assert [(e.history_type, e.history_change_reason) for e in entries] == [("+", LOAD_REASON)]
        assert set(entries[0].parties.values_list("party__slug", flat=True)) == set(
            provision.parties.values_list("slug", flat=True)
        )

    def test_loading_again_changes_nothing(self):
        rows, history = row_counts(), history_counts()

        report = load_bills()

        assert len(report.skipped) == BILLS_IN_FILES
        assert (report.created, report.updated, report.unchanged) == ([], [], [])
        assert row_counts() == rows
        assert history_counts() == history

    def test_the_command_says_which_bills_it_skipped(self):
        output = load(verbosity=2)

        assert f"  skipped (already present): {HB_2031}\n" in output
        assert f"Bills: 0 created, 0 updated, 0 unchanged, {BILLS_IN_FILES} skipped." in output
        assert "use --update to refresh them from the files" in output

    def test_a_staff_edit_survives_a_reload_without_update(self):
        hb_2031, provision = edit_hb_2031_as_staff()

        load()

        hb_2031.refresh_from_db()
        provision.refresh_from_db()
        assert (hb_2031.plain_summary, provision.plain) == ("Edited by staff.", "Edited by staff too.")

    def test_update_with_force_brings_an_edited_bill_back_to_its_file_and_the_history_says_so(self):
        hb_2031, provision = edit_hb_2031_as_staff()
        added = add_provision_as_staff(hb_2031)
        in_file = file_data(HB_2031)

        output = load("--update", "--force")

        assert f"  updated: {HB_2031}\n" in output
        assert f"Bills: 0 created, 1 updated, {BILLS_IN_FILES - 1} unchanged, 0 skipped." in output
        hb_2031.refresh_from_db()
        provision.refresh_from_db()
        assert hb_2031.plain_summary == in_file["summary"]
        assert provision.plain == in_file["provisions"][0]["plain"]
        assert not Provision.objects.filter(pk=added.pk).exists()
        for row in [hb_2031.history.latest(), provision.history.latest()]:
            assert row.history_change_reason == CHANGE_REASON == "Updated from data file"
        assert hb_2031.history.latest().plain_summary == in_file["summary"]

    def test_update_keeps_a_provision_staff_added_at_the_top_and_a_confidence_staff_raised(self):
        sb_741 = Bill.objects.get(slug=SB_741)
        loaded = list(sb_741.provisions.values_list("id", "display_order"))
        reviewed = sb_741.provisions.get(display_order=2)
        assert reviewed.confidence == Confidence.MEDIUM
        reviewed.confidence = Confidence.HIGH
        reviewed._change_reason = "Reviewed against the law's text"
        reviewed.save()
        added = add_provision_as_staff(sb_741)
        history = history_counts()

        output = load("--update")

        assert f"Bills: 0 created, 0 updated, {BILLS_IN_FILES} unchanged, 0 skipped." in output
        assert "Conflicts: 2 " in output
        assert (
            f"  ! {SB_741}: provisions[2] (#{reviewed.pk}): confidence was changed in the admin; "
            "kept it (the file says 'medium')\n"
        ) in output
        assert (
            f"  ! {SB_741}: provisions #{added.pk}: added in the admin, not in the file; kept it\n" in output
        )
        reviewed.refresh_from_db()
        assert reviewed.confidence == Confidence.HIGH
        added.refresh_from_db()
        assert added.display_order == 0
        assert list(sb_741.provisions.exclude(pk=added.pk).values_list("id", "display_order")) == loaded
        assert history_counts() == history

    def test_loaded_provisions_keep_their_identity_when_staff_insert_one_and_the_file_changes(self, tmp_path):
        sb_741 = Bill.objects.get(slug=SB_741)
        second = sb_741.provisions.get(display_order=1)
        add_provision_as_staff(sb_741)
        changed = file_data(SB_741)
        changed["provisions"][1]["plain"] = "A clearer sentence for the second rule."
        write_bill_file(tmp_path, changed)

        output = load(str(tmp_path), "--update")

        assert f"    {SB_741}: provisions[1] (#{second.pk}): plain updated\n" in output
        second.refresh_from_db()
        assert (second.plain, second.display_order) == ("A clearer sentence for the second rule.", 1)
        assert second.history.latest().history_change_reason == CHANGE_REASON
        assert [e.history_type for e in second.history.all()] == ["~", "+"]

    def test_a_dry_run_prints_what_would_change_and_writes_nothing(self, tmp_path):
        changed = file_data(HB_2031)
        changed["summary"] = "A new summary, not yet loaded."
        changed["sources"].append({"label": "One more page", "url": "https://example.org/hb2031"})
        write_bill_file(tmp_path, changed)
        rows, history = row_counts(), history_counts()

        output = load(str(tmp_path), "--update", "--dry-run")

        assert f"    {HB_2031}: bill: plain_summary updated\n" in output
        assert f"    {HB_2031}: sources[{len(changed['sources']) - 1}]: added\n" in output
        assert (
            "Dry run, nothing was written; this is what the load would do. Bills: 0 created, 1 updated"
            in output
        )
        assert (row_counts(), history_counts()) == (rows, history)
        assert Bill.objects.get(slug=HB_2031).plain_summary == file_data(HB_2031)["summary"]

    def test_force_without_update_is_refused(self):
        with pytest.raises(CommandError, match="--force only makes sense with --update"):
            load("--force")

    def test_update_on_unchanged_data_writes_no_history(self):
        history = history_counts()

        report = load_bills(update=True)

        assert len(report.unchanged) == BILLS_IN_FILES
        assert (report.created, report.updated, report.skipped) == ([], [], [])
        assert history_counts() == history

    def test_a_bad_file_stops_an_update_before_it_touches_any_bill(self, tmp_path):
        hb_2031 = Bill.objects.get(slug=HB_2031)
        hb_2031.plain_summary = "Edited by staff."
        hb_2031.save()
        write_bill_file(tmp_path, file_data(HB_2031))
        broken = file_data(SB_741)
        broken["provisions"][0]["effect"] = "encourages"
        write_bill_file(tmp_path, broken)
        rows, history = row_counts(), history_counts()

        with pytest.raises(CommandError, match="unknown value 'encourages'"):
            load(str(tmp_path), "--update")

        hb_2031.refresh_from_db()
        assert hb_2031.plain_summary == "Edited by staff."
        assert (row_counts(), history_counts()) == (rows, history)


# A few bills at a time, into an empty database.


def test_the_command_lists_the_bills_it_created_and_links_them():
    output = load(str(BILLS_DIR / f"{HB_2031}.json"), str(BILLS_DIR / f"{SB_741}.json"))

    assert f"  created: {HB_2031}\n" in output
    assert f"  created: {SB_741}\n" in output
    assert "Bills: 2 created, 0 updated, 0 unchanged, 0 skipped." in output
    amended_by = Bill.objects.get(slug=HB_2031).related_links.get(relation="amended-by")
    assert amended_by.other_bill == Bill.objects.get(slug=SB_741)


def test_a_folder_of_files_is_loaded_with_links_between_them(tmp_path):
    write_bill_file(tmp_path, file_data(HB_2031))
    write_bill_file(tmp_path, file_data(SB_741))

    load(str(tmp_path))

    assert sorted(Bill.objects.values_list("slug", flat=True)) == [HB_2031, SB_741]
    assert Bill.objects.get(slug=HB_2031).related_links.get(relation="amended-by").other_bill.slug == SB_741


def test_a_file_linking_to_a_bill_that_is_not_loaded_is_refused_so_no_link_is_lost(tmp_path):
    path = write_bill_file(tmp_path, file_data(HB_2031))

    with pytest.raises(CommandError, match=f"no bill '{SB_741}' in these files or the database"):
        load(str(path))
    assert Bill.objects.count() == 0


@pytest.mark.parametrize(
    ("keys", "value", "problem"),
    [
        (("status",), ["enacted"], "status: unknown value ['enacted']"),
        (("provisions", 0, "parties"), [{"slug": "schools"}], "provisions[0].parties: unknown party {'slug'"),
        (("jurisdiction", "slug"), ["virginia"], "jurisdiction.slug: unknown jurisdiction ['virginia']"),
        (("related", 0, "slug"), {"slug": SB_741}, "related[0].slug: expected a bill's slug or null"),
    ],
    ids=["status-is-a-list", "party-is-an-object", "jurisdiction-is-a-list", "related-slug-is-an-object"],
)
def test_a_value_of_the_wrong_type_is_reported_not_crashed_on(tmp_path, keys, value, problem):
    path = bad_bill_file(tmp_path, keys, value)

    with pytest.raises(CommandError) as caught:
        load(str(path))

    assert problem in str(caught.value)
    assert set(row_counts().values()) == {0}


def test_a_path_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no-such-folder: no such file or folder"):
        call_command("load_bills", str(tmp_path / "no-such-folder"))


def test_an_empty_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No bill files found"):
        load(str(tmp_path))


# Bad files: every problem named, nothing written.


@pytest.mark.parametrize(
    ("keys", "value", "problem"),
    [
        (
            ("provisions", 0, "category"),
            "mind-reading",
            "provisions[0].category: unknown value 'mind-reading'; expected one of: accountability-report",
        ),
        (
            ("provisions", 0, "parties"),
            ["law-enforcement", "aliens"],
            "provisions[0].parties: unknown party 'aliens'",
        ),
        (
            ("provisions", 1, "effect"),
            "encourages",
            "provisions[1].effect: unknown value 'encourages'; expected one of: exempts, grants",
        ),
        (("introduced",), "2021-13-45", "introduced: '2021-13-45' is not a date in the form YYYY-MM-DD"),
        (("actions", 0, "date"), "12 January 2021", "actions[0].date: '12 January 2021' is not a date"),
        (("session",), MISSING, "session: required field is missing"),
        (("provisions", 0, "plain"), MISSING, "provisions[0].plain: expected text, found NoneType"),
        (
            ("sources", 0, "url"),
            "lis.virginia.gov/bill",
            "sources[0].url: 'lis.virginia.gov/bill' is not a valid web",
        ),
        (
            ("sources", 1, "url"),
            "ftp://example.org/hb2031",
            "sources[1].url: 'ftp://example.org/hb2031' is not",
        ),
        (("provisions", 2, "parties"), [], "provisions[2].parties: must list at least one party"),
        (("related", 0, "slug"), HB_2031, "related[0].slug: a bill cannot be related to itself"),
        (("related", 0, "slug"), "va-sb-741-2O22", "related[0].slug: no bill 'va-sb-741-2O22' in these"),
        (("jurisdiction", "slug"), "atlantis", "jurisdiction.slug: unknown jurisdiction 'atlantis'"),
        (("status",), "signed", "status: unknown value 'signed'"),
        (("provisions", 0, "confidence"), "certain", "provisions[0].confidence: unknown value 'certain'"),
        (("coverage",), "most", "coverage: unknown value 'most'; expected one of: complete, partial"),
        (("coverage",), MISSING, "coverage: required field is missing"),
        (("checked",), "1 December 2026", "checked: '1 December 2026' is not a date in the form YYYY-MM-DD"),
        (("checked",), None, "checked: must be the date the facts were last checked, not null"),
        (
            ("status_date",),
            "2020-12-31",
            "status_date: The status date (31 Dec 2020) is before the bill was introduced (13 Jan 2021).",
        ),
        (
            ("sponsors", 0, "name"),
            "Del. " + "Aird " * 50,
            "sponsors[0].name: Ensure this value has at most 200 characters (it has 255).",
        ),
        (
            ("identifier",),
            "HB " + "2031" * 40,
            "identifier: Ensure this value has at most 120 characters (it has 163).",
        ),
    ],
    ids=[
        "unknown-category",
        "unknown-party",
        "unknown-effect",
        "malformed-date",
        "malformed-action-date",
        "missing-field",
        "missing-provision-text",
        "bad-url",
        "not-a-web-url",
        "no-parties",
        "related-to-itself",
        "related-slug-typo",
        "unknown-jurisdiction",
        "unknown-status",
        "unknown-confidence",
        "unknown-coverage",
        "missing-coverage",
        "malformed-checked-date",
        "checked-date-is-null",
        "status-before-introduced",
        "sponsor-name-too-long",
        "identifier-too-long",
    ],
)
def test_a_bad_file_is_refused_naming_the_problem_and_nothing_is_written(tmp_path, keys, value, problem):
    path = bad_bill_file(tmp_path, keys, value)

    with pytest.raises(CommandError) as caught:
        load(str(path))

    message = str(caught.value)
    assert message.startswith("Nothing was loaded: 1 problem(s) in the bill files.\n")
    assert f"  - {HB_2031}.json: bill {HB_2031}: {problem}" in message
    assert set(row_counts().values()) == {0}


def test_one_bad_file_stops_the_good_ones_loading_too(tmp_path):
    write_bill_file(tmp_path, file_data(SB_741))
    bad_bill_file(tmp_path, ("provisions", 0, "effect"), "encourages")

    with pytest.raises(CommandError, match="unknown value 'encourages'"):
        load(str(tmp_path))

    assert set(row_counts().values()) == {0}


def test_every_problem_in_every_file_is_listed_at_once(tmp_path):
    broken = file_data(SB_741)
    broken["provisions"][0]["category"] = "mind-reading"
    write_bill_file(tmp_path, broken)
    bad_bill_file(tmp_path, ("introduced",), "2021-13-45")

    with pytest.raises(CommandError) as caught:
        load(str(tmp_path))

    message = str(caught.value)
    assert message.startswith("Nothing was loaded: 2 problem(s) in the bill files.\n")
    assert f"{HB_2031}.json: bill {HB_2031}: introduced:" in message
    assert f"{SB_741}.json: bill {SB_741}: provisions[0].category:" in message


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        (
            "identifier",
            "HB 2032",
            f"b-second.json: bill {HB_2031}: slug: duplicate slug, also used by a-first.json",
        ),
        (
            "slug",
            "va-hb-2031-2021-again",
            "b-second.json: bill va-hb-2031-2021-again: identifier: HB 2031 in this jurisdiction",
        ),
    ],
    ids=["same slug", "same bill number"],
)
def test_two_files_for_the_same_bill_are_refused(tmp_path, field, value, problem):
    write_bill_file(tmp_path, file_data(HB_2031), name="a-first.json")
    copy = file_data(HB_2031)
    copy[field] = value
    write_bill_file(tmp_path, copy, name="b-second.json")

    with pytest.raises(CommandError) as caught:
        load(str(tmp_path))

    assert problem in str(caught.value)
    assert set(row_counts().values()) == {0}


def test_a_file_that_is_not_json_is_refused(tmp_path):
    (tmp_path / "broken.json").write_text('{"slug": "broken",', encoding="utf-8")

    with pytest.raises(CommandError, match=r"broken.json: bill \?: file: cannot be read as JSON"):
        load(str(tmp_path))
