"""Navigation by role, shared by every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentra.core.models import Role

ALL_ROLES = tuple(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]


def _all_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ALL_ROLES if role not in roles)


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "insights:home", ALL_ROLES),
    NavItem(_("Dashboard"), "insights:centre_dashboard", (Role.CENTRE_HEAD, Role.SYSADMIN)),
    NavItem(_("National dashboard"), "insights:national_dashboard", (Role.NATIONAL_ANALYST, Role.SYSADMIN)),
    NavItem(_("Reports"), "insights:report_inbox", (Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.SYSADMIN)),
    NavItem(_("Centres"), "network:centre_list", ALL_ROLES),
    NavItem(_("Regions"), "network:region_search", ALL_ROLES),
    NavItem(_("Cases"), "cases:case_list", _all_but(Role.HR, Role.NATIONAL_ANALYST)),
    NavItem(_("My tasks"), "cases:task_list", _all_but(Role.HR, Role.NATIONAL_ANALYST, Role.SYSADMIN)),
    NavItem(_("Beneficiaries"), "beneficiaries:list", _all_but(Role.NATIONAL_ANALYST, Role.HR)),
    NavItem(_("Instruments"), "assessments:instrument_list", ALL_ROLES),
    NavItem(
        _("Assessments"),
        "assessments:home",
        (Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD, Role.SYSADMIN),
    ),
    NavItem(_("Needs"), "assessments:centre_needs", _all_but(Role.INTAKE, Role.HR)),
    NavItem(_("Users"), "network:user_list", (Role.SYSADMIN, Role.CENTRE_HEAD, Role.HR)),
    NavItem(_("Workforce"), "workforce:home", ALL_ROLES),
    NavItem(_("Training"), "training:calendar", ALL_ROLES),
    NavItem(_("Equipment"), "equipment:overview", ALL_ROLES),
    NavItem(_("Satisfaction survey"), "quality:period_list", ALL_ROLES),
    NavItem(_("Complaints"), "quality:complaint_list", ALL_ROLES),
    NavItem(_("Readiness"), "quality:readiness_home", ALL_ROLES),
    NavItem(_("Placement"), "placement:run_list", (Role.CENTRE_HEAD, Role.SYSADMIN)),
    NavItem(_("Caseload review"), "placement:caseload_index", (Role.CENTRE_HEAD,)),
    NavItem(_("Audit log"), "core:audit_list", (Role.SYSADMIN, Role.CENTRE_HEAD)),
    NavItem(_("Access log"), "core:access_list", (Role.SYSADMIN, Role.CENTRE_HEAD)),
    NavItem(_("API"), "api-1.0.0:openapi-view", ALL_ROLES),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"label": item.label, "url": reverse(item.url_name), "active": item.url_name == current}
        for item in NAVIGATION
        if user.role in item.roles
    ]
    return {"nav_items": items}
