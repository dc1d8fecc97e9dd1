"""The comparison grid (placeholder until the grid lands)."""

from django.http import HttpResponse


def compare(request):
    return HttpResponse("Comparison grid coming soon.")


def compare_csv(request):
    return HttpResponse("", content_type="text/csv")
