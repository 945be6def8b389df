"""Staff records: list, one person's record, adding people and credentials, assessments, import, alerts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core import exports
from sentra.core.access import require_role
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.workforce import exports as export_specs
from sentra.workforce import selectors, services
from sentra.workforce.forms import (
    AssessmentForm,
    CredentialForm,
    ImportForm,
    RenewForm,
    RevokeForm,
    StaffForm,
    put_errors,
)
from sentra.workforce.models import Credential, CredentialAlert, EvidenceKind, StaffMember
from sentra.workforce.services._common import may_manage_staff

# National analysts read aggregates only (the national page); everyone else has at least their own record.
STAFF_PAGE_ROLES = (
    Role.CASE_MANAGER,
    Role.PROFESSIONAL,
    Role.INTAKE,
    Role.CENTRE_HEAD,
    Role.HR,
    Role.SYSADMIN,
)
MANAGER_ROLES = (Role.CENTRE_HEAD, Role.HR, Role.SYSADMIN)


def _centre_choices(request: AuthenticatedHttpRequest) -> list[tuple[int, str]]:
    return [(centre.pk, centre.name) for centre in selectors.readable_centres(request.user)]


def _staff_form_post(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    *,
    staff: StaffMember,
    save: Callable[[dict[str, Any]], object],
    success: str,
    title: str,
) -> HttpResponse:
    """Bind-validate-save for the forms posted from a staff record's page.

    A service refusal lands on the form, which is shown again with 400; success goes back to the record.
    """
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("workforce:staff_detail", pk=staff.pk)
    return render(
        request, "workforce/form_page.html", {"form": form, "staff": staff, "title": title}, status=400
    )


@login_required
@require_GET
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    require_role(request.user, *STAFF_PAGE_ROLES)
    query = request.GET.get("q", "")
    rows = selectors.staff_list(request.user, query=query)
    if (fmt := exports.requested_format(request)) is not None:
        return exports.export_list(request, user=request.user, spec=export_specs.STAFF, rows=rows, fmt=fmt)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/staff_list.html",
        {
            "page": page,
            "query": query,
            "centres": selectors.readable_centres(request.user),
            "can_add": request.user.role in MANAGER_ROLES,
            "unread": selectors.alerts_for(request.user, unread_only=True).count(),
            "own": selectors.staff_of(request.user),
        },
    )


@login_required
@require_GET
def staff_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = selectors.staff_detail(request.user, pk)
    may_manage = may_manage_staff(request.user, staff.sentra_id)
    levels = staff.competencies.select_related("competency", "competency__skill_area").order_by(
        "competency__skill_area__order", "competency__order"
    )
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "staff": staff,
            "credentials": staff.credentials.all(),
            "levels": levels,
            "evidence": selectors.evidence_of(request.user, staff)[:50],
            "performance": selectors.staff_performance(request.user, staff.pk).performance,
            "may_manage": may_manage,
            "credential_form": CredentialForm() if may_manage else None,
            "renew_form": RenewForm() if may_manage else None,
            "revoke_form": RevokeForm(initial={"on": timezone.localdate()}) if may_manage else None,
            "assessment_form": AssessmentForm() if may_manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, *MANAGER_ROLES)
    centres = _centre_choices(request)
    form = StaffForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        centre = next(c for c in selectors.readable_centres(request.user) if c.pk == data["centre"])
        try:
            staff = services.staff_create(
                actor=request.user,
                sentra=centre,
                full_name=data["full_name"],
                profession=data["profession"],
                employment_type=data["employment_type"],
                start_date=data["start_date"],
                peksos_level=data["peksos_level"],
                functional_rank=data["functional_rank"],
                position=data["position"],
                languages=data["languages"],
                clusters=data["clusters"],
                sex=data["sex"],
                employee_number=data["employee_number"],
                end_date=data["end_date"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("Staff record saved."))
            return redirect("workforce:staff_detail", pk=staff.pk)
    return render(request, "workforce/staff_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = selectors.staff_detail(request.user, pk)
    if not may_manage_staff(request.user, staff.sentra_id):
        raise PermissionDenied
    initial = {name: getattr(staff, name) for name in services.STAFF_FIELDS}
    initial["centre"] = staff.sentra_id
    form = StaffForm(request.POST or None, initial=initial, centres=[(staff.sentra_id, staff.sentra.name)])
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.STAFF_FIELDS}
        try:
            services.staff_update(actor=request.user, staff=staff, **changes)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("Staff record saved."))
            return redirect("workforce:staff_detail", pk=staff.pk)
    return render(request, "workforce/staff_form.html", {"form": form, "staff": staff})


@login_required
@require_POST
def credential_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = selectors.staff_detail(request.user, pk)
    return _staff_form_post(
        request,
        CredentialForm(request.POST),
        staff=staff,
        save=lambda data: services.credential_add(actor=request.user, staff=staff, **data),
        success=_("Credential saved."),
        title=_("Add a credential"),
    )


def _managed_credential(request: AuthenticatedHttpRequest, pk: int) -> Credential:
    """A credential of a staff record the user may see (404 otherwise) and manage (403 otherwise)."""
    credential = selectors.credential_get(request.user, pk)
    if not may_manage_staff(request.user, credential.staff.sentra_id):
        raise PermissionDenied
    return credential


@login_required
@require_POST
def credential_renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credential = _managed_credential(request, pk)
    return _staff_form_post(
        request,
        RenewForm(request.POST),
        staff=credential.staff,
        save=lambda data: services.credential_renew(actor=request.user, credential=credential, **data),
        success=_("Credential renewed."),
        title=_("Renew a credential"),
    )


@login_required
@require_POST
def credential_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credential = _managed_credential(request, pk)
    return _staff_form_post(
        request,
        RevokeForm(request.POST),
        staff=credential.staff,
        save=lambda data: services.credential_revoke(
            actor=request.user, credential=credential, on=data["on"]
        ),
        success=_("Credential revoked."),
        title=_("Revoke a credential"),
    )


@login_required
@require_POST
def assessment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = selectors.staff_detail(request.user, pk)
    return _staff_form_post(
        request,
        AssessmentForm(request.POST),
        staff=staff,
        save=lambda data: services.record_competency_evidence(
            actor=request.user,
            staff=staff,
            competency=data["competency"],
            level=data["level"],
            evidence_kind=EvidenceKind.SUPERVISOR_ASSESSMENT,
            # each assessment is its own event: the user and the moment identify it
            source=f"supervisor:{request.user.pk}:{timezone.now().isoformat()}",
            note=data["note"],
        ),
        success=_("Assessment recorded."),
        title=_("Supervisor assessment"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, *MANAGER_ROLES)
    centres = _centre_choices(request)
    form = ImportForm(request.POST or None, request.FILES or None, centres=centres)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        centre = next(
            c for c in selectors.readable_centres(request.user) if c.pk == form.cleaned_data["centre"]
        )
        result = services.staff_import(
            actor=request.user, sentra=centre, stream=upload.file, kind=kind, name=upload.name
        )
    status = 400 if result is not None and not result.ok else 200
    return render(request, "workforce/staff_import.html", {"form": form, "result": result}, status=status)


@login_required
@require_GET
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    alerts = selectors.alerts_for(request.user)
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "workforce/alert_list.html", {"page": page})


@login_required
@require_POST
def alert_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(CredentialAlert.objects.visible_to(request.user), pk=pk)
    services.alert_mark_read(actor=request.user, alert=alert)
    return redirect("workforce:alert_list")
