"""Shared fixtures: the reference lists, and the people who use the site."""

import pytest
from django.core.cache import caches
from django.test import Client

from bills.reference import load_reference_data

from .factories import make_admin, make_editor


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production serves hashed files from a manifest that only collectstatic writes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Every test gets caches of its own process, emptied first: local memory for the pages (and the
# API's throttle) and for the content version, whatever REDIS_URL says. The Redis tests
# (tests/test_page_cache.py) point these at Redis themselves, under a prefix of their own.
LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-pages"},
    "content_version": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-content-version",
        "TIMEOUT": None,
    },
}


@pytest.fixture(autouse=True)
def _local_caches(settings):
    settings.CACHES = LOCAL_CACHES
    for alias in LOCAL_CACHES:
        caches[alias].clear()


@pytest.fixture
def taxonomy(db):
    """The real parties, categories and jurisdictions from bills/data."""
    load_reference_data()


@pytest.fixture
def vera(client):
    """Vera, an anonymous member of the public."""
    return client


@pytest.fixture
def edna_account(taxonomy):
    """Edna's user account: staff, in the Editors group."""
    return make_editor()


@pytest.fixture
def edna(client, edna_account):
    """Edna, a staff editor, logged in."""
    return signed_in(client, edna_account)


@pytest.fixture
def ada_account(taxonomy):
    """Ada's user account: a superuser."""
    return make_admin()


@pytest.fixture
def ada(client, ada_account):
    """Ada, a superuser, logged in."""
    return signed_in(client, ada_account)


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def edna_browser(edna_account):
    """Edna, signed in, in a browser of her own (the ``client`` Vera uses stays anonymous)."""
    return signed_in(Client(), edna_account)


@pytest.fixture
def ada_browser(ada_account):
    """Ada's own browser, signed in at the same time as Edna's."""
    return signed_in(Client(), ada_account)


@pytest.fixture
def fast_password_hashing(settings):
    """A weak, fast hasher: each persona's password otherwise costs half a second to hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
