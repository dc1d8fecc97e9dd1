"""Loading the laws' definitions (bills/data/definitions) with their bills: all or nothing, reloads
that keep staff's work, and a message naming the file for anything wrong."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bills.bill_files import DATA_DIR
from bills.loading import CHANGE_REASON, load_bills
from bills.models import Bill, Confidence, Definition, DefinitionSource

pytestmark = pytest.mark.django_db

DEFINITIONS_DIR = DATA_DIR / "definitions"
WA_SB_6280 = "wa-sb-6280-2020"
DEFINITION_FILES = [
    json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEFINITIONS_DIR.glob("*.json"))
]


def counts() -> dict[str, int]:
    return {
        "definitions": Definition.objects.count(),
        "sources": DefinitionSource.objects.count(),
        "history": Definition.history.count() + DefinitionSource.history.count(),
    }


def copy_law(folder: Path, law: str = WA_SB_6280, **definitions_changes) -> tuple[Path, Path]:
    """The law's real bill and definitions files in ``folder``/bills and /definitions, with changes."""
    (folder / "bills").mkdir(exist_ok=True)
    (folder / "definitions").mkdir(exist_ok=True)
    bill_path = folder / "bills" / f"{law}.json"
    shutil.copy(DATA_DIR / "bills" / f"{law}.json", bill_path)
    data = json.loads((DEFINITIONS_DIR / f"{law}.json").read_text(encoding="utf-8"))
    data.update(definitions_changes)
    definitions_path = folder / "definitions" / f"{law}.json"
    definitions_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return bill_path, definitions_path


def with_first_definition(**changes) -> list[dict]:
    data = json.loads((DEFINITIONS_DIR / f"{WA_SB_6280}.json").read_text(encoding="utf-8"))
    data["definitions"][0].update(changes)
    return data["definitions"]


def load(*args) -> str:
    out = StringIO()
    call_command("load_bills", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def full_data_set(django_db_setup, django_db_blocker):
    """Every real bill and definition, loaded once per class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_bills()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("full_data_set")
class TestTheFullDataSet:
    def test_every_definition_and_its_sources_are_loaded(self):
        in_files = {
            "definitions": sum(len(data["definitions"]) for data in DEFINITION_FILES),
            "sources": sum(len(data["sources"]) for data in DEFINITION_FILES),
        }

        assert {key: counts()[key] for key in in_files} == in_files == {"definitions": 102, "sources": 119}
        assert Bill.objects.filter(definitions__isnull=False).distinct().count() == 42

    def test_a_terms_includes_and_leaves_out_are_loaded_in_file_order(self):
        central = Definition.objects.filter(bill__slug=WA_SB_6280).first()

        assert (central.term, central.section, central.confidence) == (
            "Facial recognition service",
            "RCW 43.386.010(3)",
            Confidence.HIGH,
        )
        assert central.included[0] == "identifying an unknown person from a still image or video"
        assert central.excluded[0] == "using a face to unlock or lock an electronic device"
        assert central.display_order == 0

    def test_the_research_notes_of_the_definitions_are_kept_for_staff(self):
        notes = Bill.objects.get(slug=WA_SB_6280).definition_notes

        assert notes.startswith("Definitions (2)-(5) are read in a copy of RCW 43.386.010")

    def test_loading_again_with_update_changes_nothing(self):
        before = counts()

        report = load_bills(update=True)

        assert report.updated == []
        assert counts() == before

    def test_update_brings_a_changed_definition_in_line_and_the_history_says_so(self, tmp_path):
        bill_path, _ = copy_law(tmp_path, definitions=with_first_definition(plain="A new meaning."))

        output = load(bill_path, "--update")

        central = Definition.objects.filter(bill__slug=WA_SB_6280).first()
        assert central.plain == "A new meaning."
        assert central.history.first().history_change_reason == CHANGE_REASON
        assert f"{WA_SB_6280}: definitions[0] (#{central.pk}): plain updated" in output

    def test_update_keeps_a_meaning_staff_reworded_and_lists_it_as_a_conflict(self, tmp_path):
        central = Definition.objects.filter(bill__slug=WA_SB_6280).first()
        central.plain = "Reworded by staff."
        central.save()
        bill_path, _ = copy_law(tmp_path, definitions=with_first_definition(plain="A new meaning."))

        output = load(bill_path, "--update")

        central.refresh_from_db()
        assert central.plain == "Reworded by staff."
        assert "plain was changed in the admin; kept it" in output
        load(bill_path, "--update", "--force")
        central.refresh_from_db()
        assert central.plain == "A new meaning."

    def test_update_keeps_a_term_staff_added_unless_forced(self, tmp_path):
        bill = Bill.objects.get(slug=WA_SB_6280)
        added = Definition.objects.create(
            bill=bill, term="Ongoing surveillance", plain="Added.", display_order=9
        )
        bill_path, _ = copy_law(tmp_path)

        assert "added in the admin, not in the file; kept it" in load(bill_path, "--update")
        assert Definition.objects.filter(pk=added.pk).exists()
        load(bill_path, "--update", "--force")
        assert not Definition.objects.filter(pk=added.pk).exists()

    def test_a_dry_run_lists_the_change_and_writes_nothing(self, tmp_path):
        bill_path, _ = copy_law(tmp_path, definitions=with_first_definition(section="RCW 43.386.010(9)"))
        before = counts()

        output = load(bill_path, "--update", "--dry-run")

        assert "definitions[0]" in output and "section updated" in output
        assert counts() == before

    def test_a_law_whose_definitions_file_is_gone_loses_the_loaded_definitions_on_update(self, tmp_path):
        bill_path, definitions_path = copy_law(tmp_path)
        definitions_path.unlink()

        load(bill_path, "--update")

        assert not Definition.objects.filter(bill__slug=WA_SB_6280).exists()

    def test_a_bill_file_with_no_definitions_folder_beside_it_leaves_the_definitions_alone(self, tmp_path):
        shutil.copy(DATA_DIR / "bills" / f"{WA_SB_6280}.json", tmp_path / f"{WA_SB_6280}.json")
        before = counts()

        load(tmp_path / f"{WA_SB_6280}.json", "--update")

        assert counts() == before


def test_definitions_are_added_to_bills_loaded_before_they_existed(tmp_path):
    bill_path, definitions_path = copy_law(tmp_path)
    definitions_path.unlink()
    load(bill_path)
    assert not Definition.objects.exists()
    copy_law(tmp_path)

    load(bill_path, "--update")

    assert Definition.objects.filter(bill__slug=WA_SB_6280).count() == 4


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"definitions": with_first_definition(term="")},
            f"definitions/{WA_SB_6280}.json: bill {WA_SB_6280}: definitions[0].term: must not be empty",
        ),
        (
            {"definitions": with_first_definition(includes="unlocking a phone")},
            "definitions[0].includes: expected a list of short phrases",
        ),
        (
            {"definitions": with_first_definition(excludes=["two\nlines"])},
            "definitions[0].excludes[0]: expected one line of text",
        ),
        (
            {"definitions": with_first_definition(confidence="certain")},
            "definitions[0].confidence: unknown value 'certain'",
        ),
        (
            {"definitions": with_first_definition(term="Facial template")},
            "definitions[1].term: 'Facial template' is defined twice",
        ),
        ({"definitions": []}, "definitions: a definitions file needs at least one definition"),
        ({"slug": "wa-sb-6281-2020"}, "slug: 'wa-sb-6281-2020' does not match the bill file"),
        (
            {"sources": [{"label": "A page", "url": "not a web address"}]},
            "sources[0].url: 'not a web address'",
        ),
    ],
)
def test_a_bad_definitions_file_is_refused_naming_it_and_nothing_is_written(tmp_path, changes, problem):
    bill_path, _ = copy_law(tmp_path, **changes)

    with pytest.raises(CommandError) as refused:
        load(bill_path)

    assert problem in str(refused.value)
    assert f"definitions/{WA_SB_6280}.json: bill {WA_SB_6280}:" in str(refused.value)
    assert not Bill.objects.exists()
    assert counts() == {"definitions": 0, "sources": 0, "history": 0}


def test_a_definitions_file_missing_a_key_is_refused(tmp_path):
    _, definitions_path = copy_law(tmp_path)
    data = json.loads(definitions_path.read_text(encoding="utf-8"))
    del data["notes"]
    definitions_path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(
        CommandError, match=f"definitions/{WA_SB_6280}.json: bill {WA_SB_6280}: notes: required"
    ):
        load(tmp_path / "bills")


def test_definitions_without_a_bill_file_are_refused_so_none_are_silently_lost(tmp_path):
    copy_law(tmp_path)
    shutil.copy(DEFINITIONS_DIR / "il-bipa-740-ilcs-14-2008.json", tmp_path / "definitions")

    with pytest.raises(CommandError, match="no bill file bills/il-bipa-740-ilcs-14-2008.json"):
        load(tmp_path / "bills")

    assert not Bill.objects.exists()
