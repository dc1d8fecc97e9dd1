"""Today, read in one place: views pass it into queries, and tests can fix it."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()
