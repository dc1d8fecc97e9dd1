"""API errors are JSON with a message, whatever raised them: DRF, a filter, or Django itself."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler

from ..health import server_error as site_server_error

API_PREFIX = "/api/"


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        field, value = next(iter(errors.items()))
        text = _first_message(value)
        return text if field in ("detail", "non_field_errors") else f"{field}: {text}"
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors)


def api_exception_handler(exc, context):
    """DRF's handler, with a bad option's message in ``detail`` and each field's messages in ``errors``."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _first_message(response.data), "errors": response.data}
    return response


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def bad_request(request, exception):
    """Django's 400 (a NUL byte in the address, a bad Host), as JSON under /api/."""
    if is_api(request):
        # Only our own BadRequest messages are written for readers; others may echo raw input.
        known = isinstance(exception, BadRequest) and str(exception)
        return json_error(400, known or "The request could not be understood.")
    return defaults.bad_request(request, exception)


def page_not_found(request, exception: Http404):
    """An address nothing answers: under /api/, a JSON 404 that points at the index."""
    if is_api(request):
        return json_error(404, "There is nothing at this address. The API's index is /api/v1/.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The site's 500 (or 503 while the database is away); JSON under /api/."""
    response = site_server_error(request)
    if is_api(request):
        detail = "The database is not answering. Try again shortly."
        if response.status_code != 503:
            detail = "Something went wrong on our side. It has been reported."
        json = json_error(response.status_code, detail)
        if response.has_header("Retry-After"):
            json["Retry-After"] = response["Retry-After"]
        return json
    return response
