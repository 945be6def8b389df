"""The public directory: no sign-in, no personal data, cacheable, indexable."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from sentra.insights.selectors import maps, public


@require_GET
@vary_on_cookie
@cache_control(public=True, max_age=300)
def directory(request: HttpRequest) -> HttpResponse:
    result = public.directory(
        query=request.GET.get("q", "")[:200],
        province=request.GET.get("provinsi", ""),
        cluster=request.GET.get("klaster", ""),
    )
    markers = [
        maps.marker(
            float(item.centre.latitude),
            float(item.centre.longitude),
            item.centre.name,
            reverse("insights:centre_public", args=[item.centre.code]),
        )
        for item in result.centres
    ]
    context = {"result": result, "shapes": maps.shaded(), "box": maps.BOX, "markers": markers}
    return render(request, "insights/public/directory.html", context)


@require_GET
@vary_on_cookie
@cache_control(public=True, max_age=300)
def centre_public(request: HttpRequest, code: str) -> HttpResponse:
    page = public.centre_page(code=code)
    centre = page.public.centre
    context = {
        "page": page,
        "centre": centre,
        "shapes": maps.shaded(),
        "box": maps.BOX,
        "markers": [maps.marker(float(centre.latitude), float(centre.longitude), centre.name, "")],
    }
    return render(request, "insights/public/centre.html", context)


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    urls = [reverse("insights:directory")] + [
        reverse("insights:centre_public", args=[code]) for code in public.sitemap_codes()
    ]
    body = "".join(f"<url><loc>{base}{url}</loc></url>" for url in urls)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    )
    return HttpResponse(xml, content_type="application/xml")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /layanan/",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('insights:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
