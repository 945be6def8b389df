"""Reads of the centre network, always scoped to the person asking.

Regions and the ATENSI catalogue are public reference data (any signed-in user); centres go through
``Sentra.objects.visible_to``; accounts through ``User.objects.visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from sentra.core.access import get_visible_or_404, require_role
from sentra.core.models import Role, User, UserQuerySet
from sentra.core.querysets import centre_ids_of
from sentra.network import rules
from sentra.network.models import (
    REGION_CHAIN,
    CentreCapacity,
    Membership,
    Region,
    RegionLevel,
    Sentra,
    ServiceComponent,
    Setting,
)

USER_ADMIN_ROLES = (Role.SYSADMIN, Role.CENTRE_HEAD, Role.HR)
MEMBER_VIEWER_ROLES = USER_ADMIN_ROLES

# --- Regions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFilters:
    q: str = ""
    level: int | None = None
    parent: str = ""


def region_search(*, filters: RegionFilters) -> QuerySet[Region]:
    """Regions by name (contains, any case) or by code prefix (``32.75``), provinces first."""
    queryset = Region.objects.select_related(REGION_CHAIN)
    query = filters.q.strip()
    if query:
        if rules.is_code_prefix_query(query):
            queryset = queryset.filter(code__startswith=query)
        else:
            queryset = queryset.filter(name__icontains=query)
    if filters.level is not None:
        queryset = queryset.filter(level=filters.level)
    if filters.parent:
        queryset = queryset.filter(parent_id=filters.parent.strip())
    return queryset.order_by("level", "code")


def region_get(*, code: str) -> Region:
    """One region with its ancestry; 404 when the code is unknown."""
    return get_object_or_404(Region.objects.select_related(REGION_CHAIN), code=code.strip())


def region_lookup(*, code: str) -> Region | None:
    """One region with its ancestry, or None when the code is unknown."""
    return Region.objects.select_related(REGION_CHAIN).filter(code=code.strip()).first()


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")


# --- ATENSI catalogue --------------------------------------------------------------------------------


def atensi_components() -> QuerySet[ServiceComponent]:
    return ServiceComponent.objects.prefetch_related("subtypes").order_by("number")


# --- Centres ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreFilters:
    q: str = ""
    kind: str = ""
    province: str = ""
    cluster: str = ""


def centre_list(*, user: User, filters: CentreFilters | None = None) -> QuerySet[Sentra]:
    """The centres the user may see, with their region ancestry and total places, in one query."""
    filters = filters or CentreFilters()
    queryset = (
        Sentra.objects.visible_to(user)
        .select_related(f"region__{REGION_CHAIN}")
        .annotate(total_places=Coalesce(Sum("capacities__places"), 0))
    )
    query = filters.q.strip()
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query) | Q(city__icontains=query) | Q(code__icontains=query)
        )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.province:
        queryset = queryset.filter(
            Q(region_id=filters.province) | Q(region__code__startswith=f"{filters.province}.")
        )
    if filters.cluster:
        # A JSON list of slugs: the quoted slug matches one whole element (SQLite and PostgreSQL).
        queryset = queryset.filter(clusters__icontains=f'"{filters.cluster}"')
    return queryset.order_by("kind", "name")


def centre_get(*, user: User, pk: int | str) -> Sentra:
    """One centre the user may see (404 otherwise), with region ancestry and capacity rows."""
    queryset = Sentra.objects.select_related(f"region__{REGION_CHAIN}").prefetch_related(
        Prefetch("capacities", queryset=CentreCapacity.objects.select_related("component"))
    )
    return get_visible_or_404(queryset, user, pk=pk)


@dataclass(frozen=True)
class CapacityRow:
    component: ServiceComponent
    places: list[int | None]
    total: int


@dataclass(frozen=True)
class CapacityTable:
    settings: list[tuple[str, str]]
    rows: list[CapacityRow]
    totals: list[int]
    total: int


def capacity_table(*, sentra: Sentra) -> CapacityTable:
    """Places per ATENSI component (rows) and setting (columns), every component listed."""
    setting_columns = [(value, str(label)) for value, label in Setting.choices]
    cells = {(row.component_id, row.setting): row.places for row in sentra.capacities.all()}
    rows: list[CapacityRow] = []
    for component in ServiceComponent.objects.order_by("number"):
        places = [cells.get((component.pk, value)) for value, _label in setting_columns]
        rows.append(CapacityRow(component=component, places=places, total=sum(p or 0 for p in places)))
    totals = [sum(row.places[index] or 0 for row in rows) for index in range(len(setting_columns))]
    return CapacityTable(settings=setting_columns, rows=rows, totals=totals, total=sum(totals))


def may_see_members(*, user: User, sentra: Sentra) -> bool:
    """Centre heads and HR see the staff of their own centres; administrators of every centre."""
    if user.role == Role.SYSADMIN:
        return True
    return user.role in (Role.CENTRE_HEAD, Role.HR) and sentra.pk in centre_ids_of(user)


def centre_members(*, user: User, sentra: Sentra) -> QuerySet[User]:
    """The accounts that work in a centre; empty for viewers who may not see staff lists."""
    if not may_see_members(user=user, sentra=sentra):
        return User.objects.none()
    return User.objects.filter(memberships__sentra=sentra).order_by("role", "last_name", "username")


# --- Accounts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserFilters:
    q: str = ""
    role: str = ""
    centre: int | None = None


def _with_centres(queryset: UserQuerySet) -> UserQuerySet:
    return queryset.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("sentra").order_by("sentra__name"))
    )


def user_list(*, user: User, filters: UserFilters | None = None) -> QuerySet[User]:
    """Accounts for administrators (all), centre heads and HR (their centres' people)."""
    require_role(user, *USER_ADMIN_ROLES)
    filters = filters or UserFilters()
    queryset = User.objects.visible_to(user)
    query = filters.q.strip()
    if query:
        queryset = queryset.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if filters.role:
        queryset = queryset.filter(role=filters.role)
    if filters.centre is not None:
        queryset = queryset.filter(memberships__sentra_id=filters.centre)
    return _with_centres(queryset).order_by("username")


def user_get(*, user: User, pk: int | str) -> User:
    """One account the viewer may see (everyone sees their own); 404 for others' and unknown ids alike."""
    return get_visible_or_404(_with_centres(User.objects.get_queryset()), user, pk=pk)


def assignable_centres(*, user: User) -> QuerySet[Sentra]:
    """Centres the user may put accounts in."""
    if user.role == Role.SYSADMIN:
        return Sentra.objects.order_by("name")
    if user.role == Role.CENTRE_HEAD:
        return Sentra.objects.filter(pk__in=centre_ids_of(user)).order_by("name")
    return Sentra.objects.none()


def centre_ids() -> list[int]:
    """Every centre id (for validating a choice before the service says whether it is allowed)."""
    return list(Sentra.objects.values_list("pk", flat=True))


def filter_centres(*, user: User) -> QuerySet[Sentra]:
    """Centres offered as a filter on the accounts list."""
    return Sentra.objects.visible_to(user).order_by("name")
