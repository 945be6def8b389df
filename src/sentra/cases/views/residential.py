"""Residential pages: occupancy, rooms, admission, stay actions, daily roll call; the waiting list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.cases import forms, selectors, services
from sentra.cases.models import CENTRE_CASE_ROLES, WaitingFor, WaitingListEntry
from sentra.cases.views.common import attempt, bad_request_status, form_page
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.network.models import Sentra

RESIDENTIAL_ROLES = (*CENTRE_CASE_ROLES, Role.SYSADMIN)


def _centre(request: AuthenticatedHttpRequest) -> tuple[Sentra, list[Sentra]]:
    """The centre asked for (``?centre=``) among those the user may see, else their first one."""
    if request.user.role not in RESIDENTIAL_ROLES:
        raise PermissionDenied
    centres = list(selectors.residential_centres(request.user))
    if not centres:
        raise PermissionDenied
    wanted = request.GET.get("centre") or request.POST.get("centre")
    for centre in centres:
        if wanted and str(centre.pk) == wanted:
            return centre, centres
    if wanted:
        raise Http404
    return centres[0], centres


@login_required
@require_GET
def occupancy(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, centres = _centre(request)
    context = {
        "o": selectors.occupancy(user=request.user, sentra=centre),
        "centres": centres,
        "centre": centre,
        "is_head": request.user.role == Role.CENTRE_HEAD,
        "is_staff": request.user.role in CENTRE_CASE_ROLES,
    }
    return render(request, "cases/occupancy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def room_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, _centres = _centre(request)
    if request.user.role != Role.CENTRE_HEAD:
        raise PermissionDenied
    form = forms.RoomForm(request.POST if request.method == "POST" else None)
    back = f"{reverse('cases:occupancy')}?centre={centre.pk}"
    if request.method == "POST" and (
        attempt(
            form,
            lambda data: services.room_save(
                actor=request.user, sentra=centre, name=data["name"], beds=data["beds"] or 0, sex=data["sex"]
            ),
        )
        is not None
    ):
        messages.success(request, _("The room is added."))
        return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("New room"),
        submit=_("Add the room"),
        cancel_url=back,
        extra={"hidden": {"centre": centre.pk}},
        status=bad_request_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_admit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).staff:
        raise PermissionDenied
    form = forms.AdmitForm(
        request.POST if request.method == "POST" else None, rooms=selectors.rooms_of(case.sentra_id)
    )
    if request.method == "POST" and (
        attempt(form, lambda data: services.stay_admit(actor=request.user, case=case, **data)) is not None
    ):
        messages.success(request, _("The person is admitted."))
        return redirect("cases:case_detail", pk=case.pk)
    return form_page(
        request,
        form=form,
        title=_("Admit to residence"),
        submit=_("Admit"),
        cancel_url=reverse("cases:case_detail", args=[case.pk]),
        case=case,
        status=bad_request_status(request, form),
    )


STAY_ACTIONS = {
    "allocate": (forms.AllocateForm, True),
    "leave": (forms.LeaveForm, False),
    "return": (forms.ReturnForm, False),
    "discharge": (forms.DischargeForm, False),
}


@login_required
@require_http_methods(["GET", "POST"])
def stay_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    stay = selectors.stay_get(user=request.user, pk=pk)
    if action not in STAY_ACTIONS:
        raise Http404
    form_class, needs_rooms = STAY_ACTIONS[action]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, rooms=selectors.rooms_of(stay.sentra_id)) if needs_rooms else form_class(data)
    calls = {
        "allocate": lambda d: services.stay_allocate(actor=request.user, stay=stay, **d),
        "leave": lambda d: services.leave_start(actor=request.user, stay=stay, **d),
        "return": lambda d: services.leave_return(actor=request.user, stay=stay, **d),
        "discharge": lambda d: services.stay_discharge(
            actor=request.user,
            stay=stay,
            reason=d["discharge_reason"],
            discharged_on=d["discharged_on"],
            note=d["note"],
        ),
    }
    titles = {
        "allocate": _("Room and bed"),
        "leave": _("Home leave"),
        "return": _("Return from leave"),
        "discharge": _("Discharge"),
    }
    back = f"{reverse('cases:occupancy')}?centre={stay.sentra_id}"
    if request.method == "POST" and attempt(form, calls[action]) is not None:
        messages.success(request, _("Saved."))
        return redirect(back)
    return form_page(
        request,
        form=form,
        title=f"{titles[action]}: {stay.case.beneficiary.full_name}",
        submit=_("Save"),
        cancel_url=back,
        status=bad_request_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, _centres = _centre(request)
    if request.user.role not in CENTRE_CASE_ROLES:
        raise PermissionDenied
    stays = selectors.residents_for_roll_call(user=request.user, sentra=centre)
    form = forms.RollCallForm(request.POST if request.method == "POST" else None, stays=stays)
    status = 200
    if request.method == "POST":
        done = attempt(
            form,
            lambda data: services.roll_call_record(actor=request.user, sentra=centre, marks=form.marks()),
        )
        if done is not None:
            messages.success(request, _("The roll call is saved."))
            return redirect(f"{reverse('cases:occupancy')}?centre={centre.pk}")
        status = 422
    return render(
        request,
        "cases/roll_call.html",
        {"form": form, "centre": centre, "today": timezone.localdate()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def waiting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, centres = _centre(request)
    staff = request.user.role in CENTRE_CASE_ROLES
    form = (
        forms.WaitingForm(
            request.POST if request.method == "POST" else None,
            beneficiaries=selectors.beneficiaries_for_new_case(user=request.user),
        )
        if staff
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        entry = attempt(form, lambda data: _waiting_add(request, centre, data))
        if entry is not None:
            messages.success(request, _("Added to the waiting list."))
            return redirect(f"{reverse('cases:waiting_list')}?centre={centre.pk}")
        status = 422
    context = {
        "centre": centre,
        "centres": centres,
        "entries": selectors.waiting_list(user=request.user, sentra=centre),
        "form": form,
        "remove_form": forms.WaitingRemoveForm(),
        "today": timezone.localdate(),
    }
    return render(request, "cases/waiting_list.html", context, status=status)


def _waiting_add(request: AuthenticatedHttpRequest, centre: Sentra, data: dict[str, Any]) -> WaitingListEntry:
    if data["beneficiary"] is None:
        raise ValidationError({"beneficiary": [_("Choose the person.")]})
    return services.waiting_add(
        actor=request.user,
        sentra=centre,
        beneficiary=data["beneficiary"],
        waiting_for=data["waiting_for"],
        component=data["component"] if data["waiting_for"] == WaitingFor.SERVICE else None,
        urgency=data["urgency"],
        note=data["note"],
    )


@login_required
@require_POST
def waiting_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.waiting_get(user=request.user, pk=pk)
    form = forms.WaitingRemoveForm(request.POST)
    if (
        attempt(
            form,
            lambda data: services.waiting_remove(
                actor=request.user, entry=entry, reason=data["removal_reason"]
            ),
        )
        is None
    ):
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    else:
        messages.success(request, _("Taken off the waiting list."))
    return redirect(f"{reverse('cases:waiting_list')}?centre={entry.sentra_id}")
