"""A centre's workforce picture (competency matrix, gaps, caseload, performance) and the national view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from sentra.core.access import require_role
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.network.models import Sentra
from sentra.workforce import selectors
from sentra.workforce.models import Competency, CompetencyLevel, CredentialKind, StaffProfession


@login_required
@require_GET
def centre_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Heads and HR land on their (first) centre's gap report; national readers on the national view."""
    if request.user.role == Role.NATIONAL_ANALYST:
        return redirect("workforce:national")
    centres = selectors.readable_centres(request.user)
    if not centres:
        return redirect("workforce:staff_list")
    return render(request, "workforce/centre_home.html", {"centres": centres})


@login_required
@require_GET
def matrix(request: AuthenticatedHttpRequest, centre_id: int) -> HttpResponse:
    data = selectors.competency_matrix(request.user, centre_id)
    rows = [(member, data.row(member)) for member in data.staff]
    return render(
        request,
        "workforce/matrix.html",
        {"matrix": data, "centre": data.centre, "rows": rows, "levels": CompetencyLevel.choices},
    )


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    competencies = {c.code: c.name for c in Competency.objects.all()}
    professions = {value: str(label) for value, label in StaffProfession.choices}
    return competencies, professions


@login_required
@require_GET
def gaps(request: AuthenticatedHttpRequest, centre_id: int) -> HttpResponse:
    centre = selectors.readable_centre(request.user, centre_id)
    report = selectors.gap_report(centre.pk)
    competencies, professions = _labels()
    ids = {item.staff_id for item in report.outside_competence} | {item.staff_id for item in report.expiring}
    ids |= {staff_id for suggestion in report.suggestions for staff_id in suggestion.staff_ids}
    partners = {s.partner_centre_id for s in report.suggestions if s.partner_centre_id}
    return render(
        request,
        "workforce/gaps.html",
        {
            "centre": centre,
            "report": report,
            "competency_names": competencies,
            "profession_names": professions,
            "names": selectors.staff_names(ids),
            "kind_names": dict(CredentialKind.choices),
            "partners": dict(Sentra.objects.filter(pk__in=partners).values_list("pk", "name")),
        },
    )


@login_required
@require_GET
def caseload(request: AuthenticatedHttpRequest, centre_id: int) -> HttpResponse:
    centre = selectors.readable_centre(request.user, centre_id)
    rows = selectors.caseload_for(request.user, centre.pk)
    return render(request, "workforce/caseload.html", {"centre": centre, "rows": rows})


@login_required
@require_GET
def performance(request: AuthenticatedHttpRequest, centre_id: int) -> HttpResponse:
    centre = selectors.readable_centre(request.user, centre_id)
    return render(
        request,
        "workforce/performance.html",
        {
            "centre": centre,
            "aggregate": selectors.centre_performance(request.user, centre.pk),
            "people": selectors.centre_staff_performance(request.user, centre.pk),
        },
    )


@login_required
@require_GET
def national(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Counts per centre only: no person is named here."""
    require_role(request.user, Role.NATIONAL_ANALYST, Role.SYSADMIN)
    reports = selectors.national_gap_report()
    centres = dict(Sentra.objects.filter(pk__in=[r.centre_id for r in reports]).values_list("pk", "name"))
    _competencies, professions = _labels()
    totals: dict[str, int] = {}
    for report in reports:
        for gap in report.missing_professions:
            totals[gap.profession] = totals.get(gap.profession, 0) + gap.shortfall
    return render(
        request,
        "workforce/national.html",
        {
            "rows": [(centres.get(r.centre_id, ""), r) for r in reports],
            "profession_names": professions,
            "totals": sorted(
                ((professions.get(p, p), n) for p, n in totals.items()), key=lambda item: -item[1]
            ),
            "performance": selectors.national_performance(request.user),
        },
    )
