"""Scoped reads for pages and the API: staff records, the competency matrix, gaps and caseloads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone

from sentra.core.access import get_visible_or_404
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra
from sentra.workforce.models import (
    Competency,
    CompetencyEvidence,
    Credential,
    CredentialAlert,
    SkillArea,
    StaffCompetency,
    StaffMember,
    StaffQuerySet,
)
from sentra.workforce.rules.gaps import GapReport
from sentra.workforce.selectors.caseload import StaffCaseload, centre_caseload
from sentra.workforce.selectors.gaps import gap_report

# Who reads a whole centre's workforce picture (matrix, gaps, caseloads) for their own centres.
CENTRE_READERS = frozenset({Role.CENTRE_HEAD, Role.HR})


def staff_list(user: User, *, centre_id: int | None = None, query: str = "") -> StaffQuerySet:
    rows = StaffMember.objects.visible_to(user).select_related("sentra", "user")
    if centre_id is not None:
        rows = rows.filter(sentra_id=centre_id)
    if query.strip():
        term = query.strip()
        rows = rows.filter(
            models.Q(full_name__icontains=term)
            | models.Q(employee_number=term)
            | models.Q(position__icontains=term)
        )
    return rows.order_by("sentra__name", "full_name", "pk")


def staff_detail(user: User, pk: Any) -> StaffMember:
    return get_visible_or_404(StaffMember.objects.select_related("sentra", "user"), user, pk=pk)


def credential_get(user: User, pk: Any) -> Credential:
    """A credential of a staff record the user may see; 404 when there is none or the record is hidden."""
    credential = Credential.objects.select_related("staff").filter(pk=pk).first()
    if credential is None:
        raise Http404
    staff_detail(user, credential.staff_id)
    return credential


def staff_of(user: User) -> StaffMember | None:
    """The signed-in person's own staff record."""
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffMember.objects.filter(user_id=user.pk).select_related("sentra").first()


def evidence_of(user: User, staff: StaffMember) -> models.QuerySet[CompetencyEvidence]:
    return (
        CompetencyEvidence.objects.visible_to(user)
        .filter(staff=staff)
        .select_related("competency", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )


def competency_level_map(staff_ids: list[int]) -> dict[tuple[int, str], int]:
    return {
        (staff_id, code): level
        for staff_id, code, level in StaffCompetency.objects.filter(staff_id__in=staff_ids).values_list(
            "staff_id", "competency__code", "level"
        )
    }


def readable_centre(user: User, centre_id: Any) -> Sentra:
    """A centre whose whole workforce picture the user may read (heads, HR, sysadmin), else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        pk = int(centre_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if user.role == Role.SYSADMIN or (user.role in CENTRE_READERS and pk in centre_ids_of(user)):
        return get_visible_or_404(Sentra.objects.all(), user, pk=pk)
    raise Http404


def readable_centres(user: User) -> list[Sentra]:
    if user.role == Role.SYSADMIN:
        return list(Sentra.objects.filter(is_active=True).order_by("name"))
    if user.role in CENTRE_READERS:
        return list(Sentra.objects.filter(pk__in=centre_ids_of(user)).order_by("name"))
    return []


@dataclass(frozen=True)
class Matrix:
    centre: Sentra
    areas: list[tuple[SkillArea, list[Competency]]]
    staff: list[StaffMember]
    levels: dict[tuple[int, str], int]

    def row(self, member: StaffMember) -> list[tuple[Competency, int]]:
        return [
            (competency, self.levels.get((member.pk, competency.code), 0))
            for _area, competencies in self.areas
            for competency in competencies
        ]


def competency_matrix(user: User, centre_id: Any, *, today: datetime.date | None = None) -> Matrix:
    centre = readable_centre(user, centre_id)
    day = today or timezone.localdate()
    staff = list(
        StaffMember.objects.active(day).filter(sentra=centre).order_by("profession", "full_name", "pk")
    )
    competencies = list(
        Competency.objects.filter(is_active=True)
        .select_related("skill_area")
        .order_by("skill_area__order", "order")
    )
    areas: list[tuple[SkillArea, list[Competency]]] = []
    for competency in competencies:
        if not areas or areas[-1][0].pk != competency.skill_area_id:
            areas.append((competency.skill_area, []))
        areas[-1][1].append(competency)
    return Matrix(centre, areas, staff, competency_level_map([member.pk for member in staff]))


def gap_report_for(user: User, centre_id: Any, *, today: datetime.date | None = None) -> GapReport:
    centre = readable_centre(user, centre_id)
    return gap_report(centre.pk, today=today)


def caseload_for(user: User, centre_id: Any, *, today: datetime.date | None = None) -> list[StaffCaseload]:
    centre = readable_centre(user, centre_id)
    return centre_caseload(centre.pk, today=today)


def staff_names(staff_ids: set[int]) -> dict[int, str]:
    return dict(StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "full_name"))


def alerts_for(user: User, *, unread_only: bool = False) -> models.QuerySet[CredentialAlert]:
    rows = CredentialAlert.objects.visible_to(user).select_related("credential", "credential__staff")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")
