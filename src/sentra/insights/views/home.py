from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentra.core.models import User
from sentra.insights.selectors import home_summary


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page; the figures are scoped to the viewer."""
    user = request.user
    assert isinstance(user, User)
    return render(request, "insights/home.html", {"summary": home_summary(user=user)})
