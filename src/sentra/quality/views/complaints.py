"""Staff pages of complaints: list, record, handle (triage, assign, answer, resolve), files, alerts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core import exports
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality import exports as export_specs
from sentra.quality import services
from sentra.quality.forms import (
    AssignForm,
    HolidayForm,
    StaffComplaintForm,
    TextForm,
    TriageForm,
    clean_errors,
)
from sentra.quality.models import (
    COMPLAINT_DESK_ROLES,
    Complaint,
    ComplaintStatus,
    PublicHoliday,
    reads_aggregates_only,
)
from sentra.quality.selectors import complaints as selectors
from sentra.quality.services import intake
from sentra.quality.services._common import centre_today
from sentra.quality.views.common import page_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "alert_list",
    "alert_read",
    "complaint_assign",
    "complaint_attachment",
    "complaint_create",
    "complaint_detail",
    "complaint_list",
    "complaint_note",
    "complaint_reopen",
    "complaint_resolve",
    "complaint_respond",
    "complaint_triage",
    "holiday_delete",
    "holiday_list",
]


class ComplaintFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("open", _("Open")), *list(ComplaintStatus.choices)],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


def _desk_centres(user: Any) -> Any:
    centres = Sentra.objects.visible_to(user).filter(is_active=True)
    if user.role == "sysadmin":
        return centres
    return centres if user.role in COMPLAINT_DESK_ROLES else centres.none()


@login_required
@require_GET
def complaint_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    if reads_aggregates_only(user):
        # National analysts: counts per centre, no complaint named (the complaints stay at the centre).
        context_counts = {
            "centres": selectors.complaint_counts_by_centre(),
            "unread": selectors.alert_list(user=user, unread_only=True).count(),
        }
        return render(request, "quality/complaint_counts.html", context_counts)
    query = request.GET.copy()
    query.pop("export", None)  # an export link carries the page's own filters and nothing else
    form = ComplaintFilterForm(query or None)
    filters = selectors.ComplaintFilters(status="open")
    if form.is_valid():
        filters = selectors.ComplaintFilters(
            status=form.cleaned_data["status"], mine=form.cleaned_data["mine"]
        )
    complaints = selectors.complaint_list(user=user, filters=filters)
    if (fmt := exports.requested_format(request)) is not None:
        return exports.export_list(request, user=user, spec=export_specs.COMPLAINTS, rows=complaints, fmt=fmt)
    context = {
        "form": form,
        "page": page_of(request, complaints),
        "can_record": _desk_centres(user).exists(),
        "unread": selectors.alert_list(user=user, unread_only=True).count(),
    }
    return render(request, "quality/complaint_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a complaint received by phone, SMS, in person, by letter or through LAPOR!."""
    user = request.user
    centres = list(_desk_centres(user))
    if not centres:
        raise PermissionDenied
    chosen = request.POST.get("sentra") or request.GET.get("sentra") or str(centres[0].pk)
    sentra = next((centre for centre in centres if str(centre.pk) == chosen), centres[0])
    form = StaffComplaintForm(request.POST or None, request.FILES or None, staff=services.staff_of(sentra.pk))
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_record(
                actor=user,
                sentra=sentra,
                data=form.to_input(),
                channel=form.cleaned_data["channel"],
                uploads=form.uploads(),
                lapor_reference=form.cleaned_data["lapor_reference"],
                received_at=form.received_at(sentra),
            )
        except ValidationError as exc:
            clean_errors(form, exc, {"received_at": "received_on"})
        else:
            messages.success(
                request,
                _("The complaint is recorded. Give the complainant the tracking code {code}.").format(
                    code=complaint.tracking_code
                ),
            )
            return redirect("quality:complaint_detail", pk=complaint.pk)
    context = {"form": form, "centres": centres, "sentra": sentra}
    return render(request, "quality/complaint_create.html", context)


@login_required
@require_GET
def complaint_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    complaint = selectors.complaint_get(user=user, pk=pk)
    view = selectors.complaint_view(user=user, complaint=complaint)
    staff = [person for person in services.staff_of(complaint.sentra_id) if not complaint.names(person)]
    triage = services.may_triage(user, complaint)
    handle = services.may_handle(user, complaint)
    context = {
        "view": view,
        "complaint": complaint,
        "today": centre_today(complaint.sentra),
        "may_triage": triage and complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.TRIAGED),
        "may_assign": triage
        and complaint.status
        in (ComplaintStatus.TRIAGED, ComplaintStatus.ASSIGNED, ComplaintStatus.RESPONDED),
        "may_respond": handle and complaint.status in (ComplaintStatus.ASSIGNED, ComplaintStatus.RESPONDED),
        "may_reopen": triage and complaint.status == ComplaintStatus.RESOLVED,
        "may_note": not complaint.names(user),
        "may_intake": intake.may_open_intake(user, complaint),
        "intake_record": selectors.intake_record(user=user, complaint=complaint),
        "triage_form": TriageForm(
            staff=services.staff_of(complaint.sentra_id),
            initial={"category": complaint.category.code, "subject_staff": complaint.subject_staff_id},
        ),
        "assign_form": AssignForm(staff=staff, initial={"assigned_to": complaint.assigned_to_id}),
        "text_form": TextForm(),
    }
    return render(request, "quality/complaint_detail.html", context)


def _act(
    request: AuthenticatedHttpRequest,
    complaint: Complaint,
    action: Callable[[Complaint], object],
    success: str,
) -> HttpResponse:
    """Run one handling step on the complaint; a refusal comes back as messages on the detail page."""
    try:
        action(complaint)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(success))
    return redirect("quality:complaint_detail", pk=complaint.pk)


def _form_step(
    form_class: type[TriageForm] | type[AssignForm],
    step: Callable[[User, Complaint, dict[str, Any]], object],
    success: StrOrPromise,
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """A handling step that takes a form listing the centre's staff (triage, assignment)."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        complaint = selectors.complaint_get(user=request.user, pk=pk)
        form = form_class(request.POST, staff=services.staff_of(complaint.sentra_id))
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, str(message))
            return redirect("quality:complaint_detail", pk=pk)
        data = form.cleaned_data
        return _act(request, complaint, lambda item: step(request.user, item, data), str(success))

    return view


def _text_step(
    step: Callable[[User, Complaint, str], object], success: StrOrPromise
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """A handling step that takes one text: an answer, a resolution, a reason or a note."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        complaint = selectors.complaint_get(user=request.user, pk=pk)
        text = str(request.POST.get("text", ""))
        return _act(request, complaint, lambda item: step(request.user, item, text), str(success))

    return view


complaint_triage = _form_step(
    TriageForm,
    lambda actor, item, data: services.complaint_triage(
        actor=actor,
        complaint=item,
        category_code=data["category"],
        subject_staff_id=data["subject_staff"],
        note=data["note"],
    ),
    gettext_lazy("The complaint is checked; its deadlines follow the category."),
)
complaint_assign = _form_step(
    AssignForm,
    lambda actor, item, data: services.complaint_assign(
        actor=actor, complaint=item, assignee_id=data["assigned_to"], note=data["note"]
    ),
    gettext_lazy("The complaint is assigned."),
)
complaint_respond = _text_step(
    lambda actor, item, text: services.complaint_respond(actor=actor, complaint=item, text=text),
    gettext_lazy("The answer is on the complainant's tracking page."),
)
complaint_resolve = _text_step(
    lambda actor, item, text: services.complaint_resolve(actor=actor, complaint=item, text=text),
    gettext_lazy("The complaint is resolved."),
)
complaint_reopen = _text_step(
    lambda actor, item, text: services.complaint_reopen(actor=actor, complaint=item, reason=text),
    gettext_lazy("The complaint is reopened."),
)
complaint_note = _text_step(
    lambda actor, item, text: services.complaint_note(actor=actor, complaint=item, text=text),
    gettext_lazy("The note is added."),
)


@login_required
@require_GET
def complaint_attachment(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file sent with a complaint, only for those who may see it; always downloaded, never rendered."""
    attachment = selectors.attachment_get(user=request.user, complaint_pk=pk, attachment_pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    alerts = selectors.alert_list(user=request.user)
    context = {"page": page_of(request, alerts), "aggregate_only": reads_aggregates_only(request.user)}
    return render(request, "quality/alert_list.html", context)


@login_required
@require_POST
def alert_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, pk=pk)
    services.alert_mark_read(actor=request.user, alert=alert)
    if reads_aggregates_only(request.user):
        return redirect("quality:complaint_list")
    return redirect("quality:complaint_detail", pk=alert.complaint_id)


@login_required
@require_http_methods(["GET", "POST"])
def holiday_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The public holidays deadlines skip; administrators add and remove days."""
    user = request.user
    is_admin = user.role == "sysadmin"
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.holiday_add(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                clean_errors(form, exc)
            else:
                messages.success(request, _("The holiday is added."))
                return redirect("quality:holiday_list")
    year = request.GET.get("year", "")
    holidays = selectors.holidays(year=int(year) if year.isdigit() else None)
    years = sorted({day.year for day in PublicHoliday.objects.dates("date", "year")})
    context = {"holidays": holidays, "form": form, "is_admin": is_admin, "years": years, "year": year}
    return render(request, "quality/holiday_list.html", context)


@login_required
@require_POST
def holiday_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if request.user.role != "sysadmin":
        raise PermissionDenied
    holiday = PublicHoliday.objects.filter(pk=pk).first()
    if holiday is not None:
        services.holiday_remove(actor=request.user, holiday=holiday)
        messages.success(request, _("The holiday is removed."))
    return redirect("quality:holiday_list")
