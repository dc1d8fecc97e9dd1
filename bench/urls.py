"""The site's URLs plus the floor the benchmark compares against: a bare Django view."""

from django.http import HttpResponse
from django.urls import include, path

from billtracker.urls import handler400, handler404, handler500  # noqa: F401


def bare(request):
    """The floor: a view that does nothing, behind the same middleware and server."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("billtracker.urls"))]
