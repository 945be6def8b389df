"""My tasks (and the centre head's overdue view), manual tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.cases import exports as export_specs
from sentra.cases import forms, selectors, services
from sentra.cases.views.common import attempt, bad_request_status, form_page, is_htmx, require_casework
from sentra.core import exports
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role


@login_required
@require_GET
def task_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    require_casework(request)
    user = request.user
    show_done = request.GET.get("done") == "1"
    tasks = selectors.tasks_mine(user=user, include_done=show_done)
    if (fmt := exports.requested_format(request)) is not None:
        return exports.export_list(request, user=user, spec=export_specs.MY_TASKS, rows=tasks, fmt=fmt)
    context = {
        "tasks": tasks,
        "show_done": show_done,
        "centre_tasks": selectors.tasks_of_centres(user=user, overdue_only=request.GET.get("all") != "1")
        if user.role == Role.CENTRE_HEAD
        else None,
        "centre_all": request.GET.get("all") == "1",
        "can_create": selectors.centres_for_casework(user).exists(),
    }
    return render(request, "cases/task_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    case = None
    if request.GET.get("case"):
        case = selectors.case_get(user=user, pk=request.GET["case"])
        if not selectors.permissions(user, case).contribute:
            raise PermissionDenied
        sentra = case.sentra
    else:
        centre = selectors.centres_for_casework(user).first()
        if centre is None:
            raise PermissionDenied
        sentra = centre
    form = forms.TaskForm(
        request.POST if request.method == "POST" else None,
        staff=selectors.staff_of(sentra.pk),
        initial={"assigned_to": user.pk},
    )
    if request.method == "POST" and (
        attempt(form, lambda data: services.task_create(actor=user, case=case, sentra=sentra, **data))
        is not None
    ):
        messages.success(request, _("The task is added."))
        return redirect("cases:case_detail", pk=case.pk) if case else redirect("cases:task_list")
    return form_page(
        request,
        form=form,
        title=_("New task"),
        submit=_("Add the task"),
        cancel_url=reverse("cases:case_detail", args=[case.pk]) if case else reverse("cases:task_list"),
        case=case,
        status=bad_request_status(request, form),
    )


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    try:
        services.task_complete(actor=request.user, task=task, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if is_htmx(request):
        task.refresh_from_db()
        return render(request, "cases/_task_row.html", {"task": task})
    next_url = request.POST.get("next", "")
    return redirect(next_url if _safe(next_url) else "cases:task_list")


def _safe(target: str | None) -> bool:
    return bool(target) and str(target).startswith("/") and not str(target).startswith("//")
