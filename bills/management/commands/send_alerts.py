"""Send the follow-by-email digests that are due; run it daily from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from bills import alerts


class Command(BaseCommand):
    help = (
        "Send each confirmed follower whose day or week has come an email of what changed, "
        "and delete requests nobody confirmed within 7 days. Safe to run again after a failure."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        deleted = alerts.delete_stale_requests(now)
        emails, changes = alerts.send_digests(now)
        self.stdout.write(
            f"Sent {emails} email(s) listing {changes} change(s); "
            f"deleted {deleted} request(s) not confirmed in {alerts.CONFIRM_WITHIN.days} days."
        )
        if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
            self.stderr.write("The emails were printed above, not sent: set DJANGO_EMAIL_HOST to send them.")
