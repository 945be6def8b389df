"""Recording work on a case: services, assistance, notes, conferences, attachments (and serving them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.cases import forms, selectors, services
from sentra.cases.models import Case, PlannedService, PlanStatus
from sentra.cases.views.common import case_form_flow
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role


def _case_for_work(request: AuthenticatedHttpRequest, pk: int, *, staff_too: bool = False) -> Case:
    case = selectors.case_get(user=request.user, pk=pk)
    perms = selectors.permissions(request.user, case)
    if not (perms.contribute or (staff_too and perms.staff)):
        raise PermissionDenied
    return case


def _back(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


@login_required
@require_http_methods(["GET", "POST"])
def service_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case_for_work(request, pk)
    planned = PlannedService.objects.filter(plan__case=case, plan__status=PlanStatus.APPROVED).select_related(
        "component"
    )
    staff = selectors.staff_of(case.sentra_id)
    form = forms.ServiceLogForm(
        request.POST if request.method == "POST" else None,
        planned=planned,
        staff=staff,
        initial={"provider": request.user.pk, "attendance": "attended"},
    )
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.service_log(
            actor=request.user,
            case=case,
            **{
                **data,
                "component": data["component"] or "",
                "subtype": data["subtype"] or "",
                "duration_minutes": data["duration_minutes"] or 0,
            },
        ),
        done=_("The service is logged."),
        title=_("Log a service"),
        submit=_("Log the service"),
        intro=_("Choose a planned service, or the ATENSI component (and sub-type) of what was given."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assistance_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case_for_work(request, pk, staff_too=True)
    form = forms.AssistanceForm(request.POST if request.method == "POST" else None)
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.assistance_record(actor=request.user, case=case, **data),
        done=_("The assistance is recorded."),
        title=_("Record social assistance"),
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case_for_work(request, pk)
    form = forms.NoteForm(request.POST if request.method == "POST" else None)
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.note_add(actor=request.user, case=case, **data),
        done=_("The note is saved."),
        title=_("Add a note"),
        submit=_("Save the note"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case_for_work(request, pk)
    staff = selectors.staff_of(
        case.sentra_id, Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD, Role.INTAKE
    )
    form = forms.ConferenceForm(request.POST if request.method == "POST" else None, staff=staff)
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.conference_record(
            actor=request.user, case=case, **{**data, "participants": list(data["participants"])}
        ),
        done=_("The case conference is recorded."),
        title=_("Record a case conference"),
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case_for_work(request, pk)
    form = forms.AttachmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.attachment_add(
            actor=request.user,
            case=case,
            upload=data["file"],
            kind=data["kind"],
            description=data["description"],
        ),
        done=_("The document is attached."),
        title=_("Attach a document"),
        submit=_("Upload"),
        multipart=True,
    )


@login_required
@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Serve a stored document after the access check; every read goes to the access log."""
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    services.attachment_open(actor=request.user, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
