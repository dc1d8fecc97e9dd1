"""Logging pieces: one JSON line per request, and expected failures shown as one warning line."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# The request fields RequestLogMiddleware passes as ``extra``, in the order a reader wants them.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "client")


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: easy for people to read and for log tools to parse."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneLineWarning(logging.Filter):
    """Turn an expected error (a bad Host header, a database outage) into a one-line warning.

    With ``status_code``, only records about responses with that status are changed. The record
    stays: the line is still logged, but without a traceback and below the level that e-mails.
    """

    def __init__(self, status_code: int | None = None):
        super().__init__()
        self.status_code = status_code

    def filter(self, record: logging.LogRecord) -> bool:
        if self.status_code is None or getattr(record, "status_code", None) == self.status_code:
            error = record.exc_info[1] if record.exc_info else None
            message = record.getMessage()
            if error is not None and str(error) not in message:
                detail = " ".join(str(error).split())[:200]
                record.msg, record.args = f"{message} ({type(error).__name__}: {detail})", ()
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
