"""What the public directory shows: centres, their services, how to get help, the published IKM.

Public by design and free of personal data: only centres, the ATENSI catalogue, capacities and the
IKM results a centre head chose to publish are read here; no beneficiary, case or staff table is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language

from sentra.insights.rules.regions import PROVINCE_BY_CODE, PROVINCES, province_name
from sentra.insights.rules.search import NeedQuery, parse_need
from sentra.network.models import CentreCapacity, Cluster, Sentra, ServiceComponent, Setting
from sentra.quality.models import SurveyPeriod


def english() -> bool:
    return (get_language() or "id").lower().startswith("en")


@dataclass
class PublicCentre:
    centre: Sentra
    province_code: str
    province: str
    clusters: list[str]
    ikm: dict[str, Any] | None = None


@dataclass
class DirectoryResult:
    query: str
    need: NeedQuery
    province: str
    cluster: str
    centres: list[PublicCentre]
    total_active: int
    province_choices: list[tuple[str, str]] = field(default_factory=list)
    cluster_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clusters_named(self) -> list[str]:
        labels = dict(Cluster.choices)
        return [str(labels[value]) for value in self.need.clusters if value in labels]

    @property
    def provinces_named(self) -> list[str]:
        return [province_name(code, english=english()) for code in self.need.provinces]


def _latest_ikm(centre_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The most recent published result of each centre, as it was frozen when published."""
    latest: dict[int, dict[str, Any]] = {}
    periods = (
        SurveyPeriod.objects.filter(sentra_id__in=centre_ids, published_at__isnull=False)
        .only("id", "sentra_id", "published_result", "kind", "year", "half", "starts_on", "ends_on")
        .order_by("sentra_id", "-starts_on")
    )
    for period in periods:
        if period.sentra_id in latest or not period.published_result:
            continue
        result = period.published_result
        latest[period.sentra_id] = {
            "value": result.get("ikm"),
            "grade": result.get("grade"),
            "respondents": result.get("respondents"),
            "period": period.label,
        }
    return latest


def _public(centre: Sentra, ikm: dict[int, dict[str, Any]]) -> PublicCentre:
    code = centre.province_code
    return PublicCentre(
        centre=centre,
        province_code=code,
        province=province_name(code, english=english()),
        clusters=centre.cluster_labels,
        ikm=ikm.get(centre.pk),
    )


def directory(*, query: str = "", province: str = "", cluster: str = "") -> DirectoryResult:
    """Active centres matching a need typed in words and/or the chosen province and cluster."""
    need = parse_need(query)
    provinces = {province} if province in PROVINCE_BY_CODE else set(need.provinces)
    clusters = {cluster} if cluster in Cluster.values else set(need.clusters)
    centres = list(Sentra.objects.filter(is_active=True).order_by("name"))
    total = len(centres)
    if provinces:
        centres = [centre for centre in centres if centre.province_code in provinces]
    if clusters:
        centres = [centre for centre in centres if clusters & set(centre.clusters)]
    if need.words and not (provinces or clusters):
        words = need.words
        centres = [
            centre
            for centre in centres
            if all(word in f"{centre.name} {centre.city} {centre.code}".lower() for word in words)
        ]
    ikm = _latest_ikm([centre.pk for centre in centres])
    return DirectoryResult(
        query=query,
        need=need,
        province=province if province in PROVINCE_BY_CODE else "",
        cluster=cluster if cluster in Cluster.values else "",
        centres=[_public(centre, ikm) for centre in centres],
        total_active=total,
        province_choices=[(p.code, p.name_en if english() else p.name_id) for p in PROVINCES],
        cluster_choices=[(value, str(label)) for value, label in Cluster.choices],
    )


@dataclass
class ServiceLine:
    component: ServiceComponent
    settings: list[str]
    places: int


@dataclass
class CentrePage:
    public: PublicCentre
    services: list[ServiceLine]
    settings: list[str]
    published: list[SurveyPeriod]


def centre_page(*, code: str) -> CentrePage:
    centre = Sentra.objects.filter(code=code, is_active=True).select_related("region").first()
    if centre is None:
        raise Http404
    lines: dict[int, ServiceLine] = {}
    setting_labels = dict(Setting.choices)
    places: dict[int, int] = defaultdict(int)
    for capacity in CentreCapacity.objects.filter(sentra=centre, places__gt=0).select_related("component"):
        line = lines.setdefault(
            capacity.component_id, ServiceLine(component=capacity.component, settings=[], places=0)
        )
        label = str(setting_labels.get(capacity.setting, capacity.setting))
        if label not in line.settings:
            line.settings.append(label)
        places[capacity.component_id] += capacity.places
    for component_id, line in lines.items():
        line.places = places[component_id]
    published = list(
        SurveyPeriod.objects.filter(Q(sentra=centre), published_at__isnull=False).order_by("-starts_on")[:4]
    )
    return CentrePage(
        public=_public(centre, _latest_ikm([centre.pk])),
        services=sorted(lines.values(), key=lambda line: line.component.number),
        settings=centre.setting_labels,
        published=published,
    )


def sitemap_codes() -> list[str]:
    return list(Sentra.objects.filter(is_active=True).order_by("code").values_list("code", flat=True))
