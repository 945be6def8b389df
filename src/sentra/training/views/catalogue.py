"""Calendar, sessions, plans and exchange pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest
from sentra.training import selectors, services
from sentra.training.forms import CourseForm, EnrolForm, EvaluateForm, ExchangeForm, PlanForm, SessionForm
from sentra.training.models import (
    TRAINING_RUNNERS,
    ObligationReminder,
    Participant,
    ParticipantStatus,
    SessionStatus,
)
from sentra.training.services._common import manages
from sentra.training.views._common import form_service_errors, run_service


@login_required
@require_GET
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.calendar(user=user), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "mine": selectors.my_trainings(user=user)[:20],
        "reminders": selectors.my_reminders(user=user),
        "can_create": user.role in TRAINING_RUNNERS,
        "today": timezone.localdate(),
    }
    return render(request, "training/calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    centres = selectors.managed_centres(user=request.user)
    if not centres.exists():
        raise PermissionDenied
    form = SessionForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                actor=request.user,
                course=form.cleaned_data["course"],
                sentra=form.cleaned_data["sentra"],
                data=form.to_input(),
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("The session is on the calendar."))
            return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form})


@login_required
@require_GET
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = selectors.session_get(user=user, pk=pk)
    participants = list(selectors.participants_of(user=user, session=session))
    may_close = session.status == SessionStatus.PLANNED and (
        manages(user, session.sentra_id) or (session.sentra_id is None and user.role == "sysadmin")
    )
    own = next((p for p in participants if p.staff.user_id == user.pk), None)
    context = {
        "session": session,
        "participants": participants,
        "enrolled_count": session.participants.count(),
        "enrol_form": EnrolForm(staff=selectors.enrolable_staff(user=request.user))
        if session.status == SessionStatus.PLANNED
        else None,
        "may_close": may_close,
        "statuses": [
            (s, s.label)
            for s in (ParticipantStatus.COMPLETED, ParticipantStatus.ATTENDED, ParticipantStatus.ABSENT)
        ],
        "own": own,
        "evaluate_form": EvaluateForm()
        if own is not None and own.status in ("attended", "completed")
        else None,
        "outcomes": session.course.outcomes.select_related("competency"),
        "rating": selectors.session_rating(session=session),
    }
    return render(request, "training/session_detail.html", context)


@login_required
@require_POST
def session_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    form = EnrolForm(request.POST, staff=selectors.enrolable_staff(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a staff member you manage."))
        return redirect("training:session_detail", pk=pk)
    run_service(
        request,
        lambda: services.participant_enrol(
            actor=request.user, session=session, staff=form.cleaned_data["staff"]
        ),
        _("Enrolled."),
    )
    return redirect("training:session_detail", pk=pk)


@login_required
@require_POST
def session_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    attendance = {p.pk: request.POST.get(f"status-{p.pk}", "") for p in session.participants.all()}
    run_service(
        request,
        lambda: services.session_complete(
            actor=request.user, session=session, attendance=attendance, completed_on=timezone.localdate()
        ),
        lambda completed: _("Session closed; %(count)s completed.") % {"count": completed},
    )
    return redirect("training:session_detail", pk=pk)


@login_required
@require_POST
def participant_evaluate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = get_visible_or_404(Participant.objects.select_related("staff"), request.user, pk=pk)
    form = EvaluateForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.participant_evaluate(
                actor=request.user,
                participant=participant,
                rating=form.cleaned_data["rating"],
                feedback=form.cleaned_data["feedback"],
            ),
            _("Thank you for your evaluation."),
        )
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("training:session_detail", pk=participant.session_id)


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in TRAINING_RUNNERS:
        raise Http404
    centres = selectors.managed_centres(user=user)
    form = PlanForm(request.POST or None, centres=centres, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_propose(
                actor=user, sentra=form.cleaned_data["sentra"], year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is proposed from the centre's gap report."))
            return redirect("training:plan_detail", pk=plan.pk)
    return render(request, "training/plan_list.html", {"plans": selectors.plan_for(user=user), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, items = selectors.plan_get(user=request.user, pk=pk)
    if request.method == "POST":
        run_service(
            request, lambda: services.plan_approve(actor=request.user, plan=plan), _("The plan is approved.")
        )
        return redirect("training:plan_detail", pk=pk)
    return render(request, "training/plan_detail.html", {"plan": plan, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def exchange_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    may_run = user.role in services.exchange.PROPOSER_ROLES
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        created = services.exchange_propose(actor=user)
        messages.success(request, _("%(count)s exchange proposals.") % {"count": len(created)})
        return redirect("training:exchange_list")
    page = Paginator(selectors.exchange_list(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "training/exchange_list.html", {"page": page, "may_run": may_run})


@login_required
@require_http_methods(["GET", "POST"])
def exchange_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = selectors.exchange_get(user=user, pk=pk)
    may_edit = manages(user, proposal.host_id) or manages(user, proposal.visitor_id)
    form = ExchangeForm(
        request.POST or None,
        initial={
            "status": proposal.status,
            "planned_on": proposal.planned_on,
            "learnt": proposal.learnt,
            "follow_up": proposal.follow_up,
        },
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.exchange_update(actor=user, proposal=proposal, **form.cleaned_data)
            except ValidationError as exc:
                form_service_errors(form, exc)
            else:
                messages.success(request, _("The exchange is saved."))
                return redirect("training:exchange_detail", pk=pk)
    return render(
        request, "training/exchange_detail.html", {"proposal": proposal, "form": form, "may_edit": may_edit}
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    centres = selectors.managed_centres(user=user)
    may_add = centres.exists()
    form = CourseForm(request.POST or None, centres=centres) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.course_create(actor=user, sentra=form.cleaned_data["sentra"], data=form.to_input())
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    form.add_error("sentra", _("Only the system administrator adds national courses."))
                else:
                    form_service_errors(form, exc)
            else:
                messages.success(request, _("The course is in the catalogue."))
                return redirect("training:course_list")
    return render(
        request, "training/course_list.html", {"courses": selectors.course_list(user=user), "form": form}
    )


@login_required
@require_POST
def reminder_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reminder = get_visible_or_404(
        ObligationReminder.objects.filter(recipient_id=request.user.pk), request.user, pk=pk
    )
    services.reminder_read(actor=request.user, reminder=reminder)
    return redirect("training:calendar")
