"""Backups of the whole database, and restoring them: pg_dump/pg_restore, or SQLite's online backup.

A backup holds everything: bills, their edit history, staff accounts. Restoring replaces the
database's contents with the backup's, so it is only ever done on purpose (``make restore``).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

BACKUP_DIR = settings.BASE_DIR / "backups"


class BackupError(Exception):
    """A backup or restore that could not be done, with a message saying why."""


def default_backup_path(alias: str = "default") -> Path:
    vendor = connections[alias].vendor
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return BACKUP_DIR / f"billtracker-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


def backup(path: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to ``path`` while the site keeps running."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    if connection.vendor == "sqlite":
        _sqlite_copy(connection, path, to_file=True)
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"], connection)
    else:
        raise BackupError(f"No backup method for the {connection.vendor} database.")
    return path


def restore(path: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        _sqlite_copy(connection, path, to_file=False)
    elif connection.vendor == "postgresql":
        # One transaction: a restore that fails half-way leaves the database as it was.
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        connection.close()  # Our own idle connection must not hold locks on tables being dropped.
        _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(path)], connection)
    else:
        raise BackupError(f"No restore method for the {connection.vendor} database.")


def _sqlite_copy(connection, path: Path, *, to_file: bool) -> None:
    """SQLite's online backup API, page by page, in either direction (works on in-memory test databases)."""
    connection.ensure_connection()
    live = connection.connection
    other = sqlite3.connect(path)
    try:
        if to_file:
            live.backup(other)
        else:
            _check_sqlite_file(other, path)
            other.backup(live)
    finally:
        other.close()


def _check_sqlite_file(database: sqlite3.Connection, path: Path) -> None:
    try:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite backup ({error}).") from None
    if "bills_bill" not in tables:
        raise BackupError(f"{path} is not a backup of this site: it has no bills table.")


def _run(command: list[str], connection) -> None:
    """Run pg_dump or pg_restore against the connection's database, passing the password safely."""
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]  # Never on the command line, where ps shows it.
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            command.insert(1, f"{flag}={params[key]}")
    if command[0] == "pg_dump":
        command.append(params["NAME"])
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
