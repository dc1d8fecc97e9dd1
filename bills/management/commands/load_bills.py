"""manage.py load_bills [PATH …] [--update [--force]] [--dry-run]: load the researched bills."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bills.loading import BillDataError, LoadReport, load_bills


class Command(BaseCommand):
    help = (
        "Load reference lists and bill files (default: bills/data/bills). Existing bills are skipped "
        "unless --update is given, and --update leaves staff's own work alone unless --force is given. "
        "Every file is checked first; one bad file stops the load and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Bill JSON files or folders of them.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Bring existing bills in line with the files (recorded in the edit history); rows staff "
            "added and fields staff changed since the last load are kept and listed as conflicts.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --update: the files win over staff's work (staff's rows removed, their edits undone).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change, and write nothing."
        )

    def handle(self, *args, paths, update, force, dry_run, **options):
        if force and not update:
            raise CommandError("--force only makes sense with --update.")
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder.")
        try:
            report = load_bills(paths or None, update=update, force=force, dry_run=dry_run)
        except BillDataError as error:
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in the bill files.\n"
                + "\n".join(f"  - {p}" for p in error.problems)
            ) from None
        self.print_report(report, verbose=options["verbosity"] >= 2)
        self.print_summary(report, update=update, dry_run=dry_run)

    def print_report(self, report: LoadReport, *, verbose: bool) -> None:
        for label, slugs in [("created", report.created), ("updated", report.updated)]:
            for slug in slugs:
                self.stdout.write(f"  {label}: {slug}")
        for change in report.changes:
            self.stdout.write(f"    {change}")
        if verbose:
            for slug in report.unchanged:
                self.stdout.write(f"  unchanged: {slug}")
            for slug in report.skipped:
                self.stdout.write(f"  skipped (already present): {slug}")
        if report.conflicts:
            self.stdout.write(
                f"Conflicts: {len(report.conflicts)} (staff's work, left as it is; --force overrides):"
            )
            for conflict in report.conflicts:
                self.stdout.write(f"  ! {conflict}")

    def print_summary(self, report: LoadReport, *, update: bool, dry_run: bool) -> None:
        summary = (
            f"Bills: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
        )
        if report.skipped and not update:
            summary += " Skipped bills already exist; use --update to refresh them from the files."
        if dry_run:
            summary = f"Dry run, nothing was written; this is what the load would do. {summary}"
        self.stdout.write(self.style.SUCCESS(summary))
