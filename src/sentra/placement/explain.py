"""The stored reasons of a proposal as sentences in the reader's language (pages and the API)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sentra.network.models import Sentra, ServiceComponent
from sentra.placement.selectors import RESIDENTIAL


def service_labels() -> dict[str, str]:
    labels = {component.code: component.label for component in ServiceComponent.objects.all()}
    labels[RESIDENTIAL] = _("Residential place")
    return labels


def centre_names(reasons: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    ids: set[int] = set()
    for reason in reasons:
        for row in [*reason.get("nearer", []), *reason.get("blocked", [])]:
            ids.add(int(row["centre"]))
        ids.update(int(value) for value in reason.get("excluded_nearer", []))
    return {str(pk): name for pk, name in Sentra.objects.filter(pk__in=ids).values_list("pk", "name")}


def _km(value: Any) -> str:
    """A distance in the reader's number format (26,0 in Indonesian)."""
    return number_format(float(value or 0.0), 1, use_l10n=True)


def _list(codes: Iterable[str], labels: Mapping[str, str]) -> str:
    return ", ".join(labels.get(code, code) for code in codes)


def _why(row: Mapping[str, Any], names: Mapping[str, str], labels: Mapping[str, str]) -> str:
    centre = names.get(str(row["centre"]), str(row["centre"]))
    values = {
        "centre": centre,
        "km": _km(row["distance_km"]),
        "services": _list(row.get("services", []), labels),
    }
    why = row.get("why")
    if why == "missing":
        return _("{centre} ({km} km) does not offer {services}.").format(**values)
    if why == "full":
        return _("{centre} ({km} km) has no free place left for {services}.").format(**values)
    if why == "staff":
        return _("{centre} ({km} km) has no free staff caseload ({services}).").format(**values)
    if why == "province":
        return _("{centre} ({km} km) lies outside the child's province.").format(**values)
    return _(
        "{centre} ({km} km) has room, but placing this person there would leave someone else worse off."
    ).format(**values)


def sentences(reason: Mapping[str, Any], names: Mapping[str, str], labels: Mapping[str, str]) -> list[str]:
    """Why this proposal: one sentence per fact, nearest alternatives last."""
    kind = reason.get("kind")
    services = _list(reason.get("services", []), labels)
    lines: list[str] = []
    if kind in ("placed", "pinned"):
        if kind == "pinned":
            lines.append(_("Pinned here by the coordinator."))
            if reason.get("over_capacity"):
                lines.append(_("The pin goes beyond the free places of this centre."))
        lines.append(
            _("Offers every needed service with a free place: {services}; {km} km from home.").format(
                services=services, km=_km(reason.get("distance_km"))
            )
        )
        nearer = reason.get("nearer", [])
        if not nearer and not reason.get("excluded_nearer"):
            lines.append(_("No centre is nearer."))
        lines.extend(_why(row, names, labels) for row in nearer)
        for centre_id in reason.get("excluded_nearer", []):
            lines.append(
                _("{centre} is nearer but was excluded by the coordinator.").format(
                    centre=names.get(str(centre_id), str(centre_id))
                )
            )
        return lines
    if reason.get("nowhere"):
        lines.append(_("No centre offers {services}.").format(services=_list(reason["nowhere"], labels)))
    elif reason.get("no_bundle"):
        lines.append(_("No single centre offers all of: {services}.").format(services=services))
    else:
        lines.append(_("Every centre offering all of {services} is full:").format(services=services))
        lines.extend(_why(row, names, labels) for row in reason.get("blocked", []))
    return lines
