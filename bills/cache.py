"""The public pages' shared cache: kept only while the site-wide content version and the day match.

Every edit of any bill part, publish or unpublish, history revert or data load bumps one content
version (``content_changed``). A page is kept in the ``default`` cache (local memory, or Redis with
REDIS_URL) under its address, with the version and the day it was made for; it is served only
while both are still current, so nobody ever sees a page older than the last edit, nor yesterday's
standings. The version lives in the ``content_version`` cache, which every app process serving the
same database shares (a file on this machine, or Redis), so an edit through one worker or server
is seen by all of them.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

VERSION_CACHE = "content_version"
VERSION_KEY = "content-version"
# Larger answers are served but not kept: they would crowd every other page out of memory.
MAX_BYTES = 512 * 1024
READ_METHODS = ("GET", "HEAD")
# Cache-Control words that say a response is for one person, or for nobody to keep.
UNSHAREABLE = ("private", "no-store", "no-cache")
# A visitor waits at most this long for another thread's render of the same page, then renders it.
RENDER_WAIT_SECONDS = 5.0
# The pages this process's threads are rendering for the cache now, by key (see first_render).
_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()


@dataclass(frozen=True)
class Version:
    """The site-wide content version: a token that changes on every edit, and when it last did."""

    token: str
    changed: datetime.datetime


def _new_token() -> str:
    # The time makes "changed" readable back; the random part makes every bump unique, so two
    # processes bumping at once can never both leave the version a page was kept under.
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def _parse(token: str) -> Version:
    nanoseconds = int(token.split(".", 1)[0])
    return Version(token, datetime.datetime.fromtimestamp(nanoseconds / 1e9, tz=datetime.UTC))


def current_version(token: str | None = None) -> Version:
    """The version now; a lost one (Redis restarted, file removed) starts afresh, never repeats."""
    store = caches[VERSION_CACHE]
    token = token or store.get(VERSION_KEY)
    if token is None:
        store.add(VERSION_KEY, _new_token(), timeout=None)
        token = store.get(VERSION_KEY)
    return _parse(token)


def _one_store() -> bool:
    """Whether pages and version share one store (Redis): then one round trip reads both."""
    pages, version = (settings.CACHES[alias] for alias in ("default", VERSION_CACHE))
    same = ("BACKEND", "LOCATION", "KEY_PREFIX", "VERSION")
    return all(pages.get(name) == version.get(name) for name in same)


def look_up(key: str) -> tuple[Version, dict | None]:
    """The current version and the entry kept under ``key`` (if any), in one read when possible."""
    if _one_store():
        found = caches["default"].get_many([VERSION_KEY, key])
        return current_version(found.get(VERSION_KEY)), found.get(key)
    return current_version(), caches["default"].get(key)


def _bump() -> None:
    caches[VERSION_CACHE].set(VERSION_KEY, _new_token(), timeout=None)


def content_changed(using: str | None = None) -> None:
    """Invalidate every kept page: now, and again once the transaction (if any) commits.

    The first bump serves reads later in the same transaction; the second closes the gap in
    which another visitor could render the old rows under the new version before the commit.
    """
    _bump()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump, using=using, robust=True)


@cache
def release() -> str:
    """A hash of the code, templates and static files' manifest: a deploy never serves old pages."""
    root = Path(settings.BASE_DIR)
    files = [*sorted(root.glob("templates/**/*.html")), *sorted(root.glob("bills/**/*.py"))]
    files += [*sorted(root.glob("billtracker/*.py")), Path(settings.STATIC_ROOT) / "staticfiles.json"]
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shares(request) -> bool:
    """Whether this request may be answered from, and kept in, the shared cache."""
    if not settings.PAGE_CACHE or request.method not in READ_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # signed in, or a session of their own
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(settings.PAGE_CACHE_SKIP_PATHS)


def page_key(request) -> str:
    """One key per address (scheme, host, path and query string) and release."""
    address = request.build_absolute_uri(request.get_full_path())
    return f"page:{release()}:{hashlib.sha256(address.encode()).hexdigest()}"


def shareable(response) -> bool:
    """A 200 that is the same for every visitor: no cookie set, nothing marked private."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in UNSHAREABLE) and response.get("Vary", "") != "*"


def add_validators(response, version: Version, today: datetime.date) -> None:
    """ETag and Last-Modified from the version and the day, unless the view set its own (the API's)."""
    midnight = datetime.datetime(today.year, today.month, today.day, tzinfo=datetime.UTC)
    response.headers.setdefault("ETag", f'W/"{version.token}-{today:%Y%m%d}"')
    response.headers.setdefault("Last-Modified", http_date(max(version.changed, midnight).timestamp()))
    # Browsers and proxies may keep it, but ask each time: the ETag makes asking cheap (a 304).
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])


def _varied(request, response) -> dict[str, str]:
    """The request headers the response varies on, beyond the cookies that already bypass the cache."""
    names = [name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()]
    return {name: request.headers.get(name, "") for name in names if name != "cookie"}


def keep(key: str, request, response, version: Version, today: datetime.date) -> None:
    """Store a GET's response with what makes it current (version, day) and what it varies on."""
    if request.method != "GET" or len(response.content) > MAX_BYTES:
        return
    entry = {
        "version": version.token,
        "day": today.isoformat(),
        "vary": _varied(request, response),
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "x-cache"],
        "content": response.content,
    }
    caches["default"].set(key, entry)


def kept(entry: dict | None, request, version: Version, today: datetime.date) -> dict | None:
    """The entry, if it was made for this version and day, and for what this request asks."""
    if not entry or entry["version"] != version.token or entry["day"] != today.isoformat():
        return None
    if any(request.headers.get(name, "") != value for name, value in entry["vary"].items()):
        return None
    return entry


@contextlib.contextmanager
def first_render(key: str):
    """True for the one thread of this process that renders ``key``; the others wait until it is done.

    After a deploy, an edit or a worker restart, every thread that asks for an unkept page at once
    would render it (the default grid: 16 renders where one would do). The others get False once
    the first has kept it, or found it cannot be kept, and look again; after RENDER_WAIT_SECONDS
    they go ahead anyway.
    """
    with _rendering_lock:
        rendering = _rendering.get(key)
        if rendering is None:
            rendering = _rendering[key] = threading.Event()
            first = True
        else:
            first = False
    if not first:
        rendering.wait(RENDER_WAIT_SECONDS)
        yield False
        return
    try:
        yield True
    finally:
        with _rendering_lock:
            del _rendering[key]
        rendering.set()
