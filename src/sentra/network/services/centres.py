"""Centres and their capacity tables (system administrators only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network import rules
from sentra.network.models import (
    CentreCapacity,
    Cluster,
    Provenance,
    Region,
    RegionLevel,
    Sentra,
    ServiceComponent,
    Setting,
    TimeZoneChoice,
)
from sentra.network.services._audit import require_sysadmin


@dataclass(frozen=True)
class CentreInput:
    """Everything a centre record holds that a person edits."""

    code: str
    name: str
    kind: str
    region_code: str
    latitude: Decimal
    longitude: Decimal
    time_zone: str
    clusters: Sequence[str]
    settings_offered: Sequence[str]
    address: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    provenance: str = Provenance.ENTERED
    is_active: bool = True


def _time_zone_label(value: str) -> str:
    return str(dict(TimeZoneChoice.choices).get(value, value))


def _check_centre(data: CentreInput) -> dict[str, list[str]]:
    """Rules a model field cannot express on its own, each named by its field."""
    errors: dict[str, list[str]] = {}
    region = Region.objects.filter(code=data.region_code.strip()).first()
    if region is None:
        errors["region"] = [
            _("No Kemendagri region has the code '{code}'. Look it up on the regions page.").format(
                code=data.region_code
            )
        ]
    elif region.level == RegionLevel.PROVINCE:
        errors["region"] = [_("Choose the regency/city, district or village, not a whole province.")]
    if not data.clusters:
        errors["clusters"] = [_("Choose at least one cluster the centre serves.")]
    elif unknown := rules.unknown_choices(data.clusters, Cluster.values):
        errors["clusters"] = [_("Unknown cluster: {values}.").format(values=", ".join(unknown))]
    if not data.settings_offered:
        errors["settings_offered"] = [
            _("Choose at least one setting (residential, family- or community-based).")
        ]
    elif unknown := rules.unknown_choices(data.settings_offered, Setting.values):
        errors["settings_offered"] = [_("Unknown setting: {values}.").format(values=", ".join(unknown))]
    if not rules.latitude_in_indonesia(data.latitude):
        errors["latitude"] = [_("The latitude must lie within Indonesia, between -11 and 6.")]
    if not rules.longitude_in_indonesia(data.longitude):
        errors["longitude"] = [_("The longitude must lie within Indonesia, between 94 and 142.")]
    if data.time_zone not in TimeZoneChoice.values:
        errors["time_zone"] = [_("Choose WIB, WITA or WIT.")]
    elif region is not None:
        expected = rules.time_zone_for_province(rules.province_of(region.code))
        if data.time_zone != expected:
            province = (
                Region.objects.filter(code=rules.province_of(region.code))
                .values_list("name", flat=True)
                .first()
            )
            errors["time_zone"] = [
                _("Centres in {province} keep {zone}.").format(
                    province=province or rules.province_of(region.code), zone=_time_zone_label(expected)
                )
            ]
    return errors


def _apply_centre(sentra: Sentra, data: CentreInput) -> None:
    sentra.code = data.code.strip()
    sentra.name = data.name.strip()
    sentra.kind = data.kind
    sentra.region_id = data.region_code.strip()
    sentra.latitude = data.latitude
    sentra.longitude = data.longitude
    sentra.time_zone = data.time_zone
    sentra.clusters = rules.unique_in_order(data.clusters)
    sentra.settings_offered = rules.unique_in_order(data.settings_offered)
    sentra.address = data.address.strip()
    sentra.city = data.city.strip()
    sentra.phone = data.phone.strip()
    sentra.email = data.email.strip()
    sentra.provenance = data.provenance
    sentra.is_active = data.is_active


def _validate_centre(
    sentra: Sentra, data: CentreInput, capacities: Mapping[tuple[str, str], int] | None = None
) -> None:
    """Every problem with the centre and, when given, its capacity table, reported together."""
    errors = _check_centre(data)
    _apply_centre(sentra, data)
    try:
        sentra.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if capacities is not None:
        errors.update(_capacity_errors(capacities, settings_offered=data.settings_offered))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def centre_create(
    *,
    actor: User | None,
    data: CentreInput,
    capacities: Mapping[tuple[str, str], int] | None = None,
    actor_label: str | None = None,
) -> Sentra:
    """A new centre (system administrators only), with its capacity table when given."""
    require_sysadmin(actor)
    sentra = Sentra()
    _validate_centre(sentra, data, capacities)
    sentra.save()
    audit.record_create(actor=actor, instance=sentra, sentra_id=sentra.pk, actor_label=actor_label)
    if capacities is not None:
        capacity_set(actor=actor, sentra=sentra, places=capacities, actor_label=actor_label)
    return sentra


@transaction.atomic
def centre_update(
    *,
    actor: User | None,
    sentra: Sentra,
    data: CentreInput,
    capacities: Mapping[tuple[str, str], int] | None = None,
    actor_label: str | None = None,
) -> Sentra:
    """Change a centre's record (system administrators only); audited only when something changed."""
    require_sysadmin(actor)
    before = audit.snapshot(sentra)
    try:
        _validate_centre(sentra, data, capacities)
    except ValidationError:
        sentra.refresh_from_db()
        raise
    if audit.diff(before, audit.snapshot(sentra)):
        sentra.save()
        audit.record_update(
            actor=actor, instance=sentra, before=before, sentra_id=sentra.pk, actor_label=actor_label
        )
    if capacities is not None:
        capacity_set(actor=actor, sentra=sentra, places=capacities, actor_label=actor_label)
    return sentra


def capacity_field(component_code: str, setting: str) -> str:
    """The error key of one cell of the capacity table."""
    return f"capacity:{component_code}:{setting}"


def _capacity_errors(
    places: Mapping[tuple[str, str], int], *, settings_offered: Sequence[str]
) -> dict[str, list[str]]:
    problems = rules.capacity_problems(
        places,
        settings_offered=settings_offered,
        known_settings=Setting.values,
        known_components=ServiceComponent.objects.values_list("code", flat=True),
    )
    setting_labels = dict(Setting.choices)
    messages = {
        rules.CapacityProblem.NEGATIVE: _("Places cannot be negative."),
        rules.CapacityProblem.TOO_LARGE: _("At most {max} places."),
        rules.CapacityProblem.SETTING_NOT_OFFERED: _(
            "The centre does not offer the {setting} setting: leave it empty or offer the setting."
        ),
        rules.CapacityProblem.UNKNOWN_SETTING: _("Unknown setting."),
        rules.CapacityProblem.UNKNOWN_COMPONENT: _("Unknown ATENSI component."),
    }
    return {
        capacity_field(*key): [
            messages[problem].format(setting=setting_labels.get(key[1], key[1]), max=rules.MAX_PLACES)
        ]
        for key, problem in problems.items()
    }


@dataclass(frozen=True)
class CapacityResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def capacity_set(
    *,
    actor: User | None,
    sentra: Sentra,
    places: Mapping[tuple[str, str], int],
    actor_label: str | None = None,
) -> CapacityResult:
    """Make ``{(component_code, setting): places}`` the centre's whole capacity table.

    Cells left out or set to 0 are removed. A setting the centre does not offer cannot have places.
    """
    require_sysadmin(actor)
    errors = _capacity_errors(places, settings_offered=sentra.settings_offered)
    if errors:
        raise ValidationError(errors)
    components = {component.code: component for component in ServiceComponent.objects.all()}
    wanted = {key: value for key, value in places.items() if value > 0}
    current = {
        (row.component.code, row.setting): row
        for row in CentreCapacity.objects.filter(sentra=sentra).select_related("component")
    }
    created = updated = deleted = 0
    for key, row in current.items():
        if key not in wanted:
            audit.record_delete(actor=actor, instance=row, sentra_id=sentra.pk, actor_label=actor_label)
            row.delete()
            deleted += 1
    for (component_code, setting), value in sorted(wanted.items()):
        existing = current.get((component_code, setting))
        if existing is None:
            row = CentreCapacity(
                sentra=sentra, component=components[component_code], setting=setting, places=value
            )
            row.full_clean()
            row.save()
            audit.record_create(actor=actor, instance=row, sentra_id=sentra.pk, actor_label=actor_label)
            created += 1
        elif existing.places != value:
            before = audit.snapshot(existing)
            existing.places = value
            existing.full_clean()
            existing.save(update_fields=["places"])
            audit.record_update(
                actor=actor, instance=existing, before=before, sentra_id=sentra.pk, actor_label=actor_label
            )
            updated += 1
    return CapacityResult(created=created, updated=updated, deleted=deleted)
