"""manage.py restore FILE: replace the database's contents with a backup made by manage.py backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bills.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace everything in the database with the backup FILE (asks first unless --noinput)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by manage.py backup (make backup)")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask first."
        )

    def handle(self, *args, file, interactive=True, **options):
        path = Path(file)
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces everything in the database {name} with {path}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {name} from {path}.")
