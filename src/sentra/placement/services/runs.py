"""Placement runs: create (with the coordinator's changes), execute in the background, what-ifs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network.models import Sentra, ServiceComponent
from sentra.placement import rules, selectors, staffing
from sentra.placement.models import PlacementProposal, PlacementRun, ProposalKind, RunStatus
from sentra.placement.rules.review import Adjustments, adjust, explain, prepare

#: Largest what-if change of one service's places at one centre.
MAX_CAPACITY_DELTA = 10_000

#: The optional policy terms a coordinator may tick for a run (rules.Policy's fields).
POLICY_TERMS = ("children_in_province", "families_together")


def clean_policy(raw: Any) -> dict[str, bool]:
    """Only the known terms, as booleans: ``{"children_in_province": bool, "families_together": bool}``."""
    data = raw if isinstance(raw, dict) else {}
    unknown = sorted(str(key) for key in data if key not in POLICY_TERMS)
    errors = [_("Unknown policy term: {name}.").format(name=name) for name in unknown]
    errors += [
        _("The policy term {name} must be true or false.").format(name=name)
        for name in POLICY_TERMS
        if name in data and not isinstance(data[name], bool)
    ]
    if errors:
        raise ValidationError({"policy": errors})
    return {name: bool(data.get(name, False)) for name in POLICY_TERMS}


def _service_codes() -> set[str]:
    return {selectors.RESIDENTIAL, *ServiceComponent.objects.values_list("code", flat=True)}


def clean_adjustments(raw: Any) -> dict[str, Any]:
    """Validate the coordinator's changes; every problem named by its field, all at once."""
    errors: dict[str, list[str]] = {}
    data = raw if isinstance(raw, dict) else {}
    pins: dict[str, int] = {}
    for person, centre in (data.get("pins") or {}).items():
        if not str(person).isdigit() or not isinstance(centre, int):
            errors.setdefault("pins", []).append(_("A pin names a person and a centre by their ids."))
            continue
        pins[str(person)] = centre
    excluded = sorted({value for value in data.get("excluded") or [] if isinstance(value, int)})
    capacity: list[dict[str, Any]] = []
    codes = _service_codes()
    for change in data.get("capacity") or []:
        service, delta = change.get("service"), change.get("delta")
        if service not in codes:
            errors.setdefault("capacity", []).append(_("Choose a service of the ATENSI catalogue."))
        elif (
            not isinstance(delta, int) or not -MAX_CAPACITY_DELTA <= delta <= MAX_CAPACITY_DELTA or delta == 0
        ):
            errors.setdefault("capacity", []).append(
                _("The change of places must be a whole number between -{limit} and {limit}, not 0.").format(
                    limit=MAX_CAPACITY_DELTA
                )
            )
        else:
            capacity.append({"centre": change.get("centre"), "service": service, "delta": delta})
    known = set(
        Sentra.objects.filter(
            pk__in=[
                *pins.values(),
                *excluded,
                *(c["centre"] for c in capacity if isinstance(c["centre"], int)),
            ]
        ).values_list("pk", flat=True)
    )
    if any(centre not in known for centre in pins.values()):
        errors.setdefault("pins", []).append(_("A pinned centre does not exist."))
    if any(centre not in known for centre in excluded):
        errors.setdefault("excluded", []).append(_("An excluded centre does not exist."))
    if any(change["centre"] not in known for change in capacity):
        errors.setdefault("capacity", []).append(_("A centre of a capacity change does not exist."))
    if any(centre in excluded for centre in pins.values()):
        errors.setdefault("pins", []).append(_("A person cannot be pinned to an excluded centre."))
    if errors:
        raise ValidationError(errors)
    return {"pins": pins, "excluded": excluded, "capacity": capacity}


@transaction.atomic
def run_create(
    *,
    actor: User,
    sentra: Sentra | None,
    adjustments: dict[str, Any] | None = None,
    previous: PlacementRun | None = None,
    policy: dict[str, Any] | None = None,
) -> PlacementRun:
    """A pending run of the waiting list of ``sentra`` (national when None: system administrators)."""
    selectors.require_coordinator(actor)
    if sentra is None:
        if actor.role != Role.SYSADMIN:
            raise ValidationError({"sentra": [_("Choose the centre whose waiting list to place.")]})
    elif not selectors.coordinated_centres(user=actor).filter(pk=sentra.pk).exists():
        raise PermissionDenied
    if previous is not None and previous.sentra_id != (sentra.pk if sentra else None):
        raise ValidationError({"previous": [_("A what-if starts from a run of the same waiting list.")]})
    run = PlacementRun(
        sentra=sentra,
        previous=previous,
        adjustments=clean_adjustments(adjustments or {}),
        policy=clean_policy(policy if policy is not None else (previous.policy if previous else {})),
        created_by=actor,
    )
    run.save()
    audit.record_create(actor=actor, instance=run, sentra_id=run.sentra_id)
    return run


def run_what_if(
    *,
    actor: User,
    base: PlacementRun,
    pin: tuple[int, int] | None = None,
    unpin: int | None = None,
    exclude: int | None = None,
    include: int | None = None,
    capacity: tuple[int, str, int] | None = None,
) -> PlacementRun:
    """A new run of the same waiting list: the base run's changes plus one more (or one less)."""
    changes: dict[str, Any] = {
        "pins": dict(base.adjustments.get("pins", {})),
        "excluded": list(base.adjustments.get("excluded", [])),
        "capacity": list(base.adjustments.get("capacity", [])),
    }
    if pin is not None:
        changes["pins"][str(pin[0])] = pin[1]
    if unpin is not None:
        changes["pins"].pop(str(unpin), None)
    if exclude is not None and exclude not in changes["excluded"]:
        changes["excluded"].append(exclude)
    if include is not None:
        changes["excluded"] = [value for value in changes["excluded"] if value != include]
    if capacity is not None:
        changes["capacity"].append({"centre": capacity[0], "service": capacity[1], "delta": capacity[2]})
    return run_create(actor=actor, sentra=base.sentra, adjustments=changes, previous=base)


def _save(run: PlacementRun, **values: Any) -> None:
    for name, value in values.items():
        setattr(run, name, value)
    PlacementRun.objects.filter(pk=run.pk).update(**values)


def run_execute(*, run_id: int) -> PlacementRun:
    """Solve the run (the Celery task's body). Progress is saved as it goes; results in one transaction."""
    run = PlacementRun.objects.select_related("sentra").get(pk=run_id)
    if run.is_finished or run.status == RunStatus.RUNNING:
        return run
    try:
        return _execute(run)
    except Exception as exc:  # the run must end in a visible state whatever happens
        _save(run, status=RunStatus.FAILED, failure=str(exc)[:2000], finished_at=timezone.now())
        raise


def _execute(run: PlacementRun) -> PlacementRun:
    _save(run, status=RunStatus.RUNNING, started_at=timezone.now(), progress=5)
    people = selectors.waiting_people(sentra=run.sentra)
    centres = selectors.centre_inputs()
    by_id = {centre.id: centre for centre in centres}
    locator = selectors.HomeLocator(centres)
    policy = clean_policy(run.policy)
    caps = staffing.staff_caps(by_id, timezone.localdate())
    ids = [person.beneficiary_id for person in people]
    family_of = staffing.families(ids) if policy["families_together"] else {}
    instance = rules.Instance(
        service_professions=staffing.service_professions(ids),
        policy=rules.Policy(**policy),
        centres=[
            rules.Centre(
                id=str(centre.id),
                lat=centre.lat,
                lon=centre.lon,
                capacity=centre.free,
                staff=caps.get(centre.id),
                province=centre.region_code.split(".")[0],
            )
            for centre in centres
        ],
        beneficiaries=[
            _person(
                person,
                locator.home(person.region_code, by_id[person.sentra_id]),
                family_of.get(person.beneficiary_id),
            )
            for person in people
            if person.needs and person.sentra_id in by_id
        ],
    )
    _save(run, progress=20, instance=rules.instance_to_data(instance))
    changes = run.adjustments
    adjustments = Adjustments(
        pins={person: str(centre) for person, centre in changes.get("pins", {}).items()},
        excluded=frozenset(str(centre) for centre in changes.get("excluded", [])),
        capacity={(str(c["centre"]), c["service"]): int(c["delta"]) for c in changes.get("capacity", [])},
    )
    prepared = prepare(instance, adjustments)
    result = rules.place(prepared.instance)
    greedy = rules.place_greedy(prepared.instance)
    _save(run, progress=70)
    assignments: dict[str, str | None] = {**result.assignments, **prepared.pinned}
    greedy_assignments: dict[str, str | None] = {**greedy.assignments, **prepared.pinned}
    adjusted = adjust(instance, adjustments)
    excluded = [centre for centre in instance.centres if centre.id in adjustments.excluded]
    reasons = explain(
        adjusted,
        assignments,
        pinned=prepared.pinned,
        over_capacity=prepared.over_capacity,
        excluded=excluded,
    )
    _save(run, progress=85)
    with transaction.atomic():
        _store(run, people, assignments, greedy_assignments, reasons)
        urgent = sum(1 for p in people if assignments.get(str(p.beneficiary_id)) is None and p.urgency >= 4)
        pinned_km = sum(reasons[person]["distance_km"] for person in prepared.pinned if person in reasons)
        improvement = result.improvement.to_data() if result.improvement is not None else {}
        _save(
            run,
            status=RunStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
            method=result.method,
            solver_status=result.status,
            people=len(instance.beneficiaries),
            placed=sum(1 for value in assignments.values() if value is not None),
            urgent_unplaced=urgent,
            objective=result.objective,
            total_distance_km=result.total_distance_km + pinned_km,
            lower_bound=result.lower_bound,
            gap=result.gap,
            seconds=result.seconds,
            greedy={
                "objective": greedy.objective,
                "total_distance_km": greedy.total_distance_km + pinned_km,
                "placed": greedy.placed + len(prepared.pinned),
                "urgent_unplaced": greedy.urgent_unplaced,
                "improvement": improvement,
            },
        )
        audit.record(
            actor=None,
            action=AuditAction.UPDATE,
            instance=run,
            sentra_id=run.sentra_id,
            changes={"status": [RunStatus.RUNNING, RunStatus.DONE], "placed": [None, run.placed]},
            actor_label="placement",
        )
    return run


def _person(
    person: selectors.WaitingPerson, home: tuple[float, float], family: str | None
) -> rules.Beneficiary:
    return rules.Beneficiary(
        id=str(person.beneficiary_id),
        lat=home[0],
        lon=home[1],
        needs=tuple(sorted(person.needs)),
        urgency=person.urgency,
        province=person.region_code.split(".")[0] if person.region_code else None,
        child=person.child,
        family=family,
    )


def _store(
    run: PlacementRun,
    people: list[selectors.WaitingPerson],
    assignments: dict[str, str | None],
    greedy: dict[str, str | None],
    reasons: dict[str, dict[str, Any]],
) -> None:
    rows = []
    for person in people:
        key = str(person.beneficiary_id)
        reason = reasons.get(key)
        if reason is None:
            continue
        centre = assignments.get(key)
        greedy_centre = greedy.get(key)
        rows.append(
            PlacementProposal(
                run=run,
                beneficiary_id=person.beneficiary_id,
                entry_id=person.entry_id,
                kind=ProposalKind(reason["kind"]),
                centre_id=int(centre) if centre is not None else None,
                greedy_centre_id=int(greedy_centre) if greedy_centre is not None else None,
                distance_km=reason.get("distance_km"),
                urgency=person.urgency,
                needs=sorted(person.needs),
                reasons=reason,
            )
        )
    PlacementProposal.objects.bulk_create(rows, batch_size=1000)
