"""The centre head's page for the public contact details shown in the directory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentra.core.http import AuthenticatedHttpRequest
from sentra.insights.selectors.dashboards import dashboard_centre
from sentra.insights.services.public_profile import PublicContact, public_contact_update


@login_required
@require_http_methods(["GET", "POST"])
def public_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, centres = dashboard_centre(request.user, request.GET.get("centre") or request.POST.get("centre"))
    errors: dict[str, list[str]] = {}
    data = {
        "walk_in_hours": centre.walk_in_hours,
        "referral_route": centre.referral_route,
        "hotline": centre.hotline,
    }
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in data}
        try:
            public_contact_update(actor=request.user, sentra=centre, data=PublicContact(**data))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The public page is updated."))
            return redirect("insights:centre_public", code=centre.code)
    context = {"centre": centre, "centres": centres, "data": data, "errors": errors}
    return render(request, "insights/public_profile.html", context, status=400 if errors else 200)
