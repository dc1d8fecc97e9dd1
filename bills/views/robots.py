"""robots.txt: crawl the public pages, not the admin, the API or e-mail links; find them in the sitemap."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /api/v1/",
        f"Disallow: {reverse('bills:compare_csv')}",
        # Confirmation and stop links are personal; the follow form's answer is no page to index.
        f"Disallow: {reverse('bills:follow')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
