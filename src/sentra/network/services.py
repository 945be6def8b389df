"""Writes of the centre network: regions, centres, capacity, memberships and staff accounts.

Every function is keyword-only, runs in one transaction, validates before it saves (bad input raises
``ValidationError`` keyed by field, nothing half-saved) and leaves audit rows in the same transaction.
``actor=None`` means the system itself (a command such as ``sentra demo``); ``actor_label`` then names
it in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core import services as core_services
from sentra.core.models import AuditAction, Role, User
from sentra.core.querysets import centre_ids_of, forget_centre_ids
from sentra.network import rules
from sentra.network.models import (
    CentreCapacity,
    Cluster,
    Membership,
    Provenance,
    Region,
    RegionLevel,
    Sentra,
    ServiceComponent,
    Setting,
    TimeZoneChoice,
)

REGION_BATCH_SIZE = 5000

# --- audit helpers that also carry a label for system actors -------------------------------------------


def _label(actor: User | None, actor_label: str | None) -> str | None:
    return actor_label if actor is None else None


def _audit_create(
    *, actor: User | None, instance: models.Model, sentra_id: int | None, actor_label: str | None
) -> None:
    after = audit.snapshot(instance)
    changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=_label(actor, actor_label),
    )


def _audit_update(
    *,
    actor: User | None,
    instance: models.Model,
    before: dict[str, Any],
    sentra_id: int | None,
    actor_label: str | None,
) -> bool:
    changes = audit.diff(before, audit.snapshot(instance))
    changes.pop("updated_at", None)  # bookkeeping that changes with every save; not news
    if not changes:
        return False
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=_label(actor, actor_label),
    )
    return True


def _audit_delete(
    *, actor: User | None, instance: models.Model, sentra_id: int | None, actor_label: str | None
) -> None:
    before = audit.snapshot(instance)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=_label(actor, actor_label),
    )


def _require_sysadmin(actor: User | None) -> None:
    if actor is not None and actor.role != Role.SYSADMIN:
        raise PermissionDenied


# --- Kemendagri regions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[rules.LineProblem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def region_problem_message(problem: rules.LineProblem) -> str:
    """One bad line of a region file, in words."""
    messages = {
        rules.RegionProblem.HEADER: _("the first line must be the header 'code,name' (found '{value}')"),
        rules.RegionProblem.COLUMNS: _("expected two columns, code and name (found '{value}')"),
        rules.RegionProblem.CODE_FORMAT: _(
            "'{value}' is not a Kemendagri code: use PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD"
        ),
        rules.RegionProblem.NAME_EMPTY: _("region {value} has no name"),
        rules.RegionProblem.NAME_TOO_LONG: _("the name of region {value} is longer than 120 characters"),
        rules.RegionProblem.DUPLICATE: _("code {value} appears a second time"),
        rules.RegionProblem.PARENT_MISSING: _("the parent region {value} is neither in the file nor stored"),
    }
    text = messages[problem.problem].format(value=problem.value)
    return _("line {line}: {problem}").format(line=problem.line, problem=text)


@transaction.atomic
def regions_load(
    *, actor: User | None, lines: Iterable[str], source: str, actor_label: str | None = None
) -> RegionLoadResult:
    """Load or update Kemendagri regions from ``code,name`` CSV lines.

    Everything is validated first; any bad line means nothing is written and every problem comes back
    with its line number. Loading the same file again writes nothing. Regions are never deleted here
    (centres and records point at them).
    """
    _require_sysadmin(actor)
    existing = {
        code: (name, parent) for code, name, parent in Region.objects.values_list("code", "name", "parent_id")
    }
    parsed = rules.parse_region_lines(lines, known_codes=frozenset(existing))
    if not parsed.ok:
        return RegionLoadResult(problems=parsed.problems)
    plan = rules.plan_region_load(parsed.rows, existing)

    def build(row: rules.RegionRow) -> Region:
        return Region(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code)

    Region.objects.bulk_create([build(row) for row in plan.create], batch_size=REGION_BATCH_SIZE)
    Region.objects.bulk_update(
        [build(row) for row in plan.update], ["name", "level", "parent"], batch_size=REGION_BATCH_SIZE
    )
    result = RegionLoadResult(created=len(plan.create), updated=len(plan.update), unchanged=plan.unchanged)
    if result.changed:
        audit.record(
            actor=actor,
            actor_label=_label(actor, actor_label),
            action=AuditAction.CREATE if result.created else AuditAction.UPDATE,
            object_type="network.region",
            object_repr=_("Kemendagri regions from {source}").format(source=source)[:200],
            changes={
                "source": [None, source],
                "created": [None, result.created],
                "updated": [None, result.updated],
                "updated_codes": [None, [row.code for row in plan.update[:100]]],
            },
        )
    return result


# --- Centres ------------------------------------------------------------------------------------------


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
    _require_sysadmin(actor)
    sentra = Sentra()
    _validate_centre(sentra, data, capacities)
    sentra.save()
    _audit_create(actor=actor, instance=sentra, sentra_id=sentra.pk, actor_label=actor_label)
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
    _require_sysadmin(actor)
    before = audit.snapshot(sentra)
    try:
        _validate_centre(sentra, data, capacities)
    except ValidationError:
        sentra.refresh_from_db()
        raise
    if audit.diff(before, audit.snapshot(sentra)):
        sentra.save()
        _audit_update(
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
    _require_sysadmin(actor)
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
            _audit_delete(actor=actor, instance=row, sentra_id=sentra.pk, actor_label=actor_label)
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
            _audit_create(actor=actor, instance=row, sentra_id=sentra.pk, actor_label=actor_label)
            created += 1
        elif existing.places != value:
            before = audit.snapshot(existing)
            existing.places = value
            existing.full_clean()
            existing.save(update_fields=["places"])
            _audit_update(
                actor=actor, instance=existing, before=before, sentra_id=sentra.pk, actor_label=actor_label
            )
            updated += 1
    return CapacityResult(created=created, updated=updated, deleted=deleted)


# --- Memberships and staff accounts -----------------------------------------------------------------------


def _editable_centres(actor: User | None) -> frozenset[int] | None:
    """Centres whose memberships the actor may change; None means all."""
    if actor is None or actor.role == Role.SYSADMIN:
        return None
    if actor.role == Role.CENTRE_HEAD:
        return centre_ids_of(actor)
    raise PermissionDenied


@transaction.atomic
def membership_set(
    *, actor: User | None, user: User, sentra_ids: Iterable[int], actor_label: str | None = None
) -> tuple[int, int]:
    """Make ``sentra_ids`` the account's centres (within the centres the actor may edit).

    Returns ``(added, removed)``. A centre head changes only memberships in their own centres.
    """
    editable = _editable_centres(actor)
    wanted = frozenset(int(pk) for pk in sentra_ids)
    known = frozenset(Sentra.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"centres": [_("Choose centres from the list.")]})
    if editable is not None and not wanted <= editable:
        raise ValidationError({"centres": [_("You may assign accounts only to the centres you belong to.")]})
    rows = {row.sentra_id: row for row in Membership.objects.filter(user=user).select_related("sentra")}
    add, remove = rules.membership_changes(current=frozenset(rows), wanted=wanted, editable=editable)
    for sentra_id in sorted(remove):
        row = rows[sentra_id]
        _audit_delete(actor=actor, instance=row, sentra_id=sentra_id, actor_label=actor_label)
        row.delete()
    for sentra_id in sorted(add):
        row = Membership(user=user, sentra_id=sentra_id)
        row.full_clean()
        row.save()
        _audit_create(actor=actor, instance=row, sentra_id=sentra_id, actor_label=actor_label)
    forget_centre_ids(user)
    return len(add), len(remove)


def _role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


def _account_errors(
    problems: dict[str, rules.AccountProblem], *, actor_role: str, role: str
) -> dict[str, list[str]]:
    grantable = sorted(rules.roles_grantable_by(actor_role), key=Role.values.index)
    messages = {
        rules.AccountProblem.ROLE_NOT_GRANTABLE: _(
            "Your role may not give the role '{role}'. Roles you may give: {allowed}."
        ),
        rules.AccountProblem.CENTRE_NOT_YOURS: _(
            "You may assign accounts only to the centres you belong to."
        ),
        rules.AccountProblem.CENTRE_REQUIRED: _("The role '{role}' works in a centre: choose at least one."),
        rules.AccountProblem.NATIONAL_HAS_NO_CENTRE: _(
            "The role '{role}' works nationally: leave the centres empty."
        ),
        rules.AccountProblem.OWN_ROLE: _(
            "You cannot change the role of your own account; ask another administrator."
        ),
        rules.AccountProblem.OWN_DEACTIVATION: _("You cannot deactivate your own account."),
    }
    allowed = ", ".join(_role_label(value) for value in grantable) or "-"
    return {
        name: [messages[problem].format(role=_role_label(role), allowed=allowed)]
        for name, problem in problems.items()
    }


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(
                message for message in messages if message not in errors.get(name, [])
            )
    else:
        errors.setdefault("__all__", []).extend(exc.messages)


def may_manage(actor: User, user: User) -> bool:
    """Whether ``actor`` may edit, unlock or reset the second factor of ``user``."""
    return rules.may_manage_account(
        actor_role=actor.role,
        actor_id=actor.pk,
        actor_centres=centre_ids_of(actor),
        target_id=user.pk,
        target_role=user.role,
        target_centres=frozenset(user.memberships.values_list("sentra_id", flat=True)),
    )


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    sentra_ids: Iterable[int],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    profession: str = "",
    actor_label: str | None = None,
) -> User:
    """A new staff account in its centres. A centre head creates staff roles in their own centres only."""
    wanted = frozenset(int(pk) for pk in sentra_ids)
    if actor is not None:
        if not rules.may_administer_accounts(actor.role):
            raise PermissionDenied
        problems = rules.account_problems(
            actor_role=actor.role, actor_centres=centre_ids_of(actor), role=role, sentra_ids=wanted
        )
    else:
        problems = rules.account_problems(
            actor_role=Role.SYSADMIN, actor_centres=frozenset(), role=role, sentra_ids=wanted
        )
    errors = _account_errors(problems, actor_role=actor.role if actor else Role.SYSADMIN, role=role)
    user: User | None = None
    try:
        # Every problem is reported at once: the account is tried even when a rule above failed, and the
        # whole transaction is rolled back below if anything was wrong.
        with transaction.atomic():
            user = core_services.user_create(
                actor=actor,
                username=username.strip(),
                password=password,
                role=role,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email.strip(),
                profession=profession,
            )
    except ValidationError as exc:
        _merge(errors, exc)
    if errors or user is None:
        raise ValidationError(errors)
    membership_set(actor=actor, user=user, sentra_ids=wanted, actor_label=actor_label)
    return user


@transaction.atomic
def account_update(
    *,
    actor: User,
    user: User,
    role: str,
    sentra_ids: Iterable[int],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    profession: str = "",
    is_active: bool = True,
) -> User:
    """Change an account's name, role, status and centres, within what the actor may manage."""
    if not may_manage(actor, user):
        raise PermissionDenied
    wanted = frozenset(int(pk) for pk in sentra_ids)
    editable = _editable_centres(actor)
    current = frozenset(user.memberships.values_list("sentra_id", flat=True))
    kept = current - editable if editable is not None else frozenset()
    problems = rules.account_problems(
        actor_role=actor.role,
        actor_centres=centre_ids_of(actor),
        role=role,
        sentra_ids=wanted,
        kept_ids=kept,
        is_self=actor.pk == user.pk,
        current_role=user.role,
        is_active=is_active,
    )
    errors = _account_errors(problems, actor_role=actor.role, role=role)
    try:
        with transaction.atomic():
            core_services.user_update(
                actor=actor,
                user=user,
                role=role,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email.strip(),
                profession=profession,
                is_active=is_active,
            )
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        user.refresh_from_db()
        raise ValidationError(errors)
    membership_set(actor=actor, user=user, sentra_ids=wanted)
    return user


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> None:
    """Lift a sign-in lockout before it expires."""
    if not may_manage(actor, user):
        raise PermissionDenied
    core_services.user_unlock(actor=actor, user=user)


@transaction.atomic
def account_two_factor_reset(*, actor: User, user: User) -> None:
    """Clear a lost authenticator; the person enrols again at their next sign-in."""
    if not may_manage(actor, user):
        raise PermissionDenied
    core_services.two_factor_reset(actor=actor, user=user)
