"""Backups restore: a round trip into an empty database gives back every row, history included.

Persona: Ada the administrator backs the site up, and restores it after a disaster. Edna the
editor's edits (and who made them) must survive the trip.
"""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from bills.models import Provision
from bills.reference import load_reference_data

from .factories import admin_form_data, make_action, make_bill, make_editor, make_provision, make_source

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

# The documented dumpdata command: content types and permissions are rebuilt by migrate itself.
DUMPDATA = ["--natural-foreign", "-e", "contenttypes", "-e", "auth.permission"]
REBUILT_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


def every_model():
    return sorted(apps.get_models(), key=lambda model: model._meta.label_lower)


def snapshot(exclude: set[str] = frozenset()) -> dict[str, str]:
    """Every table's rows, in id order, as natural-key JSON: equal snapshots mean equal content."""
    return {
        model._meta.label_lower: serializers.serialize(
            "json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in every_model()
        if model._meta.label_lower not in exclude
    }


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in every_model()}


@pytest.fixture
def a_site_with_history(transactional_db):
    """Bills with provisions and parties, and an edit Edna made in the admin (so history has a user)."""
    load_reference_data()
    edna = make_editor()
    Group.objects.get(name="Editors").user_set.add(edna)
    bill = make_bill(identifier="SB 6280", slug="wa-sb-6280-2020")
    make_provision(bill, parties=["law-enforcement", "government-agencies"])
    make_action(bill, bill.introduced)
    make_source(bill)
    provision = make_provision(make_bill(), category="notice", parties=["schools"])
    browser = Client()
    browser.force_login(edna)
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(browser.get(url))
    data["plain"] = "Schools must tell parents first."
    assert browser.post(url, data).status_code == 302
    return provision


def empty_the_database() -> None:
    """What a freshly migrated database holds: no rows but the rebuilt content types and permissions."""
    call_command("flush", interactive=False, verbosity=0)


def test_dumpdata_loads_back_into_an_empty_database_with_its_history(a_site_with_history, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("dumpdata", *DUMPDATA, output=str(dump), verbosity=0)
    counts, content = row_counts(), snapshot(exclude=REBUILT_BY_MIGRATE)

    empty_the_database()
    assert Provision.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)

    assert row_counts() == counts
    assert snapshot(exclude=REBUILT_BY_MIGRATE) == content
    latest = a_site_with_history.history.latest()
    assert (latest.history_user.username, latest.plain) == ("edna", "Schools must tell parents first.")


def test_after_loaddata_new_edits_get_new_history_rows(a_site_with_history, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("dumpdata", *DUMPDATA, output=str(dump), verbosity=0)
    empty_the_database()
    call_command("loaddata", str(dump), verbosity=0)
    rows_before = Provision.history.count()

    provision = Provision.objects.get(pk=a_site_with_history.pk)
    provision.plain = "Schools must ask parents first."
    provision.save()  # The id sequences were moved past the loaded rows, so this is no collision.

    assert Provision.history.count() == rows_before + 1


def backup_tools_missing() -> bool:
    return connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore"))


@pytest.mark.skipif("backup_tools_missing()", reason="pg_dump and pg_restore are not installed")
def test_make_backup_and_make_restore_give_back_exactly_what_was_there(a_site_with_history, tmp_path):
    path = tmp_path / ("backup.sqlite3" if connection.vendor == "sqlite" else "backup.dump")
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    counts, content = row_counts(), snapshot()

    empty_the_database()
    call_command("restore", str(path), interactive=False, stdout=out)

    assert f"Backed up to {path}" in out.getvalue()
    assert row_counts() == counts
    assert snapshot() == content


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(a_site_with_history, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("shopping list")
    counts = row_counts()

    with pytest.raises(Exception, match="not"):
        call_command("restore", str(not_a_backup), interactive=False)

    assert row_counts() == counts
