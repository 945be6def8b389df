"""The needs rules: everyone who works with assessments reads them; system administrators edit them."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.assessments import selectors, services
from sentra.assessments.models import NeedsRuleset
from sentra.assessments.rules import text_in
from sentra.assessments.views.records import READER_ROLES
from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def rulesets(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in READER_ROLES:
        raise PermissionDenied
    can_edit = services.may_edit_rules(user)
    active_row = NeedsRuleset.objects.filter(is_active=True).first()
    active = selectors.active_ruleset()
    text = json.dumps(
        active_row.data if active_row else json.loads(selectors.NEEDS_RULES_FILE.read_text()),
        ensure_ascii=False,
        indent=2,
    )
    note = ""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        text, note = str(request.POST.get("rules", "")), str(request.POST.get("note", ""))
        try:
            row = services.ruleset_save(actor=user, text=text, note=note)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(
                request, _("Saved as version {version}; new assessments use it.").format(version=row.version)
            )
            return HttpResponseRedirect(reverse("assessments:rulesets"))
    language = request.LANGUAGE_CODE
    return render(
        request,
        "assessments/rulesets.html",
        {
            "active": active,
            "active_row": active_row,
            "rules": [
                {
                    "id": r.id,
                    "text": text_in(r.text, language),
                    "urgency": r.urgency,
                    "professions": r.professions,
                }
                for r in active.rules
            ],
            "versions": NeedsRuleset.objects.visible_to(user).select_related("created_by"),
            "can_edit": can_edit,
            "text": text,
            "note": note,
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def ruleset_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(NeedsRuleset.objects.all(), request.user, pk=pk)
    services.ruleset_activate(actor=request.user, ruleset=row)
    messages.success(request, _("Version {version} is in use.").format(version=row.version))
    return HttpResponseRedirect(reverse("assessments:rulesets"))


@login_required
@require_POST
def ruleset_default(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.ruleset_use_default(actor=request.user)
    messages.success(request, _("The shipped default rules are in use."))
    return HttpResponseRedirect(reverse("assessments:rulesets"))
