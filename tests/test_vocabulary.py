"""One vocabulary: the data validator (bills/data/check_data.py), taxonomy.json and the models agree.

check_data.py is a standard-library script that travels with the data, so it keeps its own copy of
the fixed values; these tests fail the day that copy and the model choices drift apart.
"""

import importlib.util
import json
import sys

import pytest

from bills.bill_files import DATA_DIR
from bills.models import Action, Confidence, Coverage, Effect, Jurisdiction, RelatedBill, Sponsor, Status


def import_check_data():
    """Import the script by path, writing no __pycache__ into bills/data (a byte-identical copy)."""
    spec = importlib.util.spec_from_file_location("check_data", DATA_DIR / "check_data.py")
    module = importlib.util.module_from_spec(spec)
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


check_data = import_check_data()
TAXONOMY = json.loads((DATA_DIR / "taxonomy.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("ACTORS", Action.Actor),
        ("CONFIDENCE", Confidence),
        ("COVERAGE", Coverage),
        ("LEVELS", Jurisdiction.Level),
        ("ROLES", Sponsor.Role),
    ],
)
def test_the_validator_allows_exactly_the_values_the_models_allow(name, choices):
    assert set(getattr(check_data, name)) == set(choices.values)


def test_the_validator_knows_every_relation_and_its_inverse_as_the_model_does():
    assert {str(k): str(v) for k, v in RelatedBill.INVERSE.items()} == check_data.INVERSE_RELATION
    assert set(check_data.INVERSE_RELATION) == set(RelatedBill.Relation.values)


@pytest.mark.parametrize(("key", "choices"), [("statuses", Status), ("effects", Effect)])
def test_the_taxonomy_lists_exactly_the_statuses_and_effects_the_models_allow(key, choices):
    # check_data.py reads these two lists from taxonomy.json rather than keeping a copy.
    assert [item["slug"] for item in TAXONOMY[key]] == list(choices.values)
