"""Region search: by name or code prefix, with live results (htmx) and the hierarchy path."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentra.core.http import AuthenticatedHttpRequest
from sentra.network import selectors
from sentra.network.forms import RegionSearchForm
from sentra.network.models import Region, RegionLevel
from sentra.network.views.common import is_htmx, page_of


@login_required
@require_GET
def region_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegionSearchForm(request.GET or None)
    query, level = "", None
    if form.is_valid():
        query, level = form.cleaned_data["q"], form.cleaned_data["level"]
    parent_code = request.GET.get("parent", "").strip()
    parent: Region | None = None
    if parent_code:
        parent = selectors.region_lookup(code=parent_code)
    if parent is None and not query and level is None:
        level = RegionLevel.PROVINCE  # an empty search starts from the provinces
    regions = selectors.region_search(
        filters=selectors.RegionFilters(q=query, level=level, parent=parent.code if parent else "")
    )
    context = {"form": form, "page": page_of(request, regions), "query": query, "parent": parent}
    template = "network/_region_results.html" if is_htmx(request) else "network/region_search.html"
    return render(request, template, context)
