"""Counts for bench/serve.py: queries per request, in a response header."""

from django.db import connection

from bills.cache import content_changed


class CountingMiddleware:
    """X-Queries on every answer; ``X-Bench-Cold: 1`` makes every kept page old first, as an edit would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("X-Bench-Cold"):
            content_changed()  # the page is rendered afresh, and kept again
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Queries"] = str(len(queries))
        return response
