"""Centre network endpoints: regions, centres and the ATENSI catalogue. Thin: parse, select, return."""

# No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.models import User
from sentra.network import selectors
from sentra.network.models import Cluster, Region, RegionLevel, Sentra, SentraKind

router = Router(tags=["centres and regions"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


# --- Regions ---------------------------------------------------------------------------------------


class RegionRef(Schema):
    code: str
    name: str
    level: int


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent: str | None = Field(None, description="Code of the region one level up")
    path: list[RegionRef] = Field(description="Ancestry, province first, this region last")

    @staticmethod
    def resolve_level_label(obj: Region) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent_id

    @staticmethod
    def resolve_path(obj: Region) -> list[dict[str, Any]]:
        return [{"code": node.code, "name": node.name, "level": node.level} for node in obj.lineage()]


class RegionQuery(Schema):
    q: str = Field("", description="Part of a name (any case) or the start of a code, e.g. 32.75")
    level: RegionLevel | None = Field(None, description="1 province, 2 regency/city, 3 district, 4 village")
    parent: str = Field("", description="Only the regions directly under this code")


@router.get("/regions", response=list[RegionOut], summary="Kemendagri regions (search)")
@paginate(PageNumber)
def region_list(request: HttpRequest, filters: Query[RegionQuery]) -> Any:
    return selectors.region_search(
        filters=selectors.RegionFilters(
            q=filters.q, level=int(filters.level) if filters.level else None, parent=filters.parent
        )
    )


@router.get("/regions/{code}", response=RegionOut, summary="One Kemendagri region by code")
def region_detail(request: HttpRequest, code: str) -> Region:
    return selectors.region_get(code=code)


# --- ATENSI catalogue --------------------------------------------------------------------------------


class SubtypeOut(Schema):
    code: str
    name_id: str
    name_en: str


class ComponentOut(Schema):
    number: int
    code: str
    name_id: str
    name_en: str
    subtypes: list[SubtypeOut]

    @staticmethod
    def resolve_subtypes(obj: Any) -> list[Any]:
        return list(obj.subtypes.all())


@router.get("/atensi-components", response=list[ComponentOut], summary="The seven ATENSI service components")
def atensi_component_list(request: HttpRequest) -> Any:
    return list(selectors.atensi_components())


# --- Centres ---------------------------------------------------------------------------------------


class CapacityOut(Schema):
    component: str
    component_number: int
    setting: str
    places: int


class CentreOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    address: str
    city: str
    region_code: str
    region_path: list[RegionRef]
    latitude: float
    longitude: float
    time_zone: str
    clusters: list[str]
    settings_offered: list[str]
    phone: str
    email: str
    provenance: str
    is_active: bool
    total_places: int

    @staticmethod
    def resolve_kind_label(obj: Sentra) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj: Sentra) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_path(obj: Sentra) -> list[dict[str, Any]]:
        return [{"code": node.code, "name": node.name, "level": node.level} for node in obj.region.lineage()]

    @staticmethod
    def resolve_latitude(obj: Sentra) -> float:
        return float(obj.latitude)

    @staticmethod
    def resolve_longitude(obj: Sentra) -> float:
        return float(obj.longitude)

    @staticmethod
    def resolve_total_places(obj: Sentra) -> int:
        annotated = getattr(obj, "total_places", None)
        if annotated is not None:
            return int(annotated)
        return sum(row.places for row in obj.capacities.all())


class CentreDetailOut(CentreOut):
    capacities: list[CapacityOut]

    @staticmethod
    def resolve_capacities(obj: Sentra) -> list[dict[str, Any]]:
        return [
            {
                "component": row.component.code,
                "component_number": row.component.number,
                "setting": row.setting,
                "places": row.places,
            }
            for row in obj.capacities.all()
        ]


class CentreQuery(Schema):
    q: str = Field("", description="Part of the name, city or code")
    kind: str = Field("", description="sentra, uptd or lks")
    province: str = Field("", description="Two-digit Kemendagri province code, e.g. 32")
    cluster: str = Field("", description="A cluster the centre serves, e.g. lansia")


def _centre_filters(filters: CentreQuery) -> selectors.CentreFilters:
    errors: dict[str, str] = {}
    if filters.kind and filters.kind not in SentraKind.values:
        errors["kind"] = _("Use one of: {values}.").format(values=", ".join(SentraKind.values))
    if filters.cluster and filters.cluster not in Cluster.values:
        errors["cluster"] = _("Use one of: {values}.").format(values=", ".join(Cluster.values))
    if filters.province and not (len(filters.province) == 2 and filters.province.isdigit()):
        errors["province"] = _("Use a two-digit Kemendagri province code, e.g. 32.")
    if errors:
        raise ValidationError(errors)
    return selectors.CentreFilters(
        q=filters.q, kind=filters.kind, province=filters.province, cluster=filters.cluster
    )


@router.get("/centres", response=list[CentreOut], summary="Centres you may see")
@paginate(PageNumber)
def centre_list(request: HttpRequest, filters: Query[CentreQuery]) -> Any:
    return selectors.centre_list(user=_actor(request), filters=_centre_filters(filters))


@router.get("/centres/{centre_id}", response=CentreDetailOut, summary="One centre with its capacity")
def centre_detail(request: HttpRequest, centre_id: int) -> Sentra:
    return selectors.centre_get(user=_actor(request), pk=centre_id)
