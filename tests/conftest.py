"""Shared fixtures: the reference lists, and the people who use the site."""

import pytest

from bills.reference import load_reference_data

from .factories import make_admin, make_editor


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production serves hashed files from a manifest that only collectstatic writes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def taxonomy(db):
    """The real parties, categories and jurisdictions from bills/data."""
    load_reference_data()


@pytest.fixture
def visitor(client):
    """Vera, an anonymous member of the public."""
    return client


@pytest.fixture
def editor(taxonomy):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    """Edna, a staff editor, logged in."""
    client.force_login(editor)
    return client


@pytest.fixture
def admin_user_ada(taxonomy):
    return make_admin()


@pytest.fixture
def admin_client_ada(client, admin_user_ada):
    """Ada, a superuser, logged in."""
    client.force_login(admin_user_ada)
    return client


@pytest.fixture
def fast_password_hashing(settings):
    """A weak, fast hasher: each persona's password otherwise costs half a second to hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
