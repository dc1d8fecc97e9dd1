"""manage.py backup [FILE]: a consistent copy of the whole database, taken while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bills.backup import BackupError, backup, default_backup_path


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump, or SQLite's online backup) to FILE or backups/."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write it (default: backups/billtracker-<time>)")

    def handle(self, *args, file=None, **options):
        path = Path(file) if file else default_backup_path()
        try:
            written = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
