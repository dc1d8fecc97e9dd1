"""manage.py load_bills [PATH …] [--update]: load the researched bills into the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bills.loading import BillDataError, load_bills


class Command(BaseCommand):
    help = (
        "Load reference lists and bill files (default: bills/data/bills). Existing bills are skipped "
        "unless --update is given, so staff edits survive. Every file is checked first; one bad file "
        "stops the load and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Bill JSON files or folders of them.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Bring existing bills back in line with the files (recorded in the edit history).",
        )

    def handle(self, *args, paths, update, **options):
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder.")
        try:
            report = load_bills(paths or None, update=update)
        except BillDataError as error:
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in the bill files.\n"
                + "\n".join(f"  - {p}" for p in error.problems)
            ) from None

        verbose = options["verbosity"] >= 2
        for label, slugs in [("created", report.created), ("updated", report.updated)]:
            for slug in slugs:
                self.stdout.write(f"  {label}: {slug}")
        if verbose:
            for slug in report.unchanged:
                self.stdout.write(f"  unchanged: {slug}")
            for slug in report.skipped:
                self.stdout.write(f"  skipped (already present): {slug}")
        summary = (
            f"Bills: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
        )
        if report.skipped and not update:
            summary += " Skipped bills already exist; use --update to refresh them from the files."
        self.stdout.write(self.style.SUCCESS(summary))
