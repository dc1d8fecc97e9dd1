"""manage.py bench_data [--bills N] [--provisions N]: fill a benchmark database with synthetic bills."""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from bills.loading import load_bills
from bills.models import Bill, Provision
from bills.synthetic import make_synthetic_bills

SUFFIX = "_bench"


def database_name(alias: str) -> str:
    """The database's own name: PostgreSQL's, or an SQLite file's name without its extension."""
    return Path(str(connections[alias].settings_dict["NAME"])).stem


def create_if_absent(name: str) -> None:
    """A PostgreSQL benchmark database that does not exist yet is created (SQLite creates its file)."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')  # a name that ends in _bench, checked above


class Command(BaseCommand):
    help = (
        "Empty a benchmark database (its name must end in _bench), then load the real data and N "
        "synthetic bills (default 10,000, 20 rules each) in bulk. Refuses any other database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bills", type=int, default=10_000, help="synthetic bills (default 10,000)")
        parser.add_argument("--provisions", type=int, default=20, help="rules per bill (default 20)")
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing if the database already holds that many"
        )

    def handle(self, *args, bills, provisions, if_missing, **options):
        name = database_name("default")
        if not name.endswith(SUFFIX):
            raise CommandError(
                f"Refusing to touch the database “{name}”: this command empties the database it fills, "
                f"so it only works on one whose name ends in {SUFFIX} "
                f"(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/billtracker{SUFFIX})."
            )
        if not 0 < bills <= 100_000 or not 0 < provisions <= 100:
            raise CommandError("Keep it bounded: 1 to 100,000 bills and 1 to 100 rules per bill.")
        started = time.monotonic()
        create_if_absent(name)
        call_command("migrate", interactive=False, verbosity=0)
        if if_missing and Bill.objects.filter(slug__startswith="synthetic-").count() == bills:
            self.stdout.write(f"{name} already holds {bills} synthetic bills; left as it is.")
            return
        call_command("flush", interactive=False, verbosity=0)
        load_bills()
        written = make_synthetic_bills(bills, provisions)
        self.stdout.write(
            self.style.SUCCESS(
                f"{name}: {Bill.objects.count()} bills ({bills} synthetic), {Provision.objects.count()} "
                f"rules ({written} synthetic), in {time.monotonic() - started:.0f} s."
            )
        )
