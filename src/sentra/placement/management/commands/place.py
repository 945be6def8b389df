"""``sentra place INSTANCE.json [--greedy] [--json]``: propose a placement for a waiting list.

The instance format is described in ``docs/placement.md``. A malformed instance is reported entry by
entry (``beneficiaries[3].urgency: must be 1-5``) and the command exits with code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.placement.rules import InstanceError, PlacementResult, parse_instance, place, place_greedy

#: Assignments listed one by one in the readable summary up to this many people.
LISTED = 50


def read_instance_file(path: Path) -> object:
    if not path.is_file():
        raise CommandError(_("No such file: {path}").format(path=path))
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("{path}: not valid JSON (line {line}, column {column}): {error}").format(
                path=path, line=exc.lineno, column=exc.colno, error=exc.msg
            )
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from None


def summary_lines(result: PlacementResult) -> list[str]:
    total = len(result.ids)
    by_urgency = ", ".join(f"{u}: {count}" for u, count in result.unplaced_by_urgency.items())
    lines = [
        _(
            "Placement by {method} ({status}): {placed} of {total} placed, "
            "{unplaced} unplaced (by urgency {by_urgency})."
        ).format(
            method=result.method,
            status=result.status,
            placed=result.placed,
            total=total,
            unplaced=total - result.placed,
            by_urgency=by_urgency,
        ),
        _(
            "Objective {objective:,.2f} (travel {distance:,.1f} km); lower bound {bound:,.2f}; gap {gap:.4%}."
        ).format(
            objective=result.objective,
            distance=result.total_distance_km,
            bound=result.lower_bound,
            gap=result.gap,
        ),
    ]
    if result.improvement is not None:
        gain = result.improvement
        lines.append(
            _(
                "Against the greedy coordinator: objective {objective:+.2f}% better, "
                "mean travel {before:,.1f} → {after:,.1f} km, {placed:+d} placed, "
                "urgent unplaced {urgent_before} → {urgent_after}."
            ).format(
                objective=gain.objective_pct,
                before=gain.mean_km_greedy,
                after=gain.mean_km_optimised,
                placed=gain.placed,
                urgent_before=gain.urgent_unplaced_greedy,
                urgent_after=gain.urgent_unplaced_optimised,
            )
        )
    per_centre: dict[str, int] = {}
    for centre in result.assignments.values():
        if centre is not None:
            per_centre[centre] = per_centre.get(centre, 0) + 1
    if per_centre:
        lines.append(_("Placed per centre:"))
        lines.extend(f"  {centre}: {count}" for centre, count in sorted(per_centre.items()))
    if total <= LISTED:
        lines.append(_("Assignments:"))
        lines.extend(
            f"  {person} → {centre if centre is not None else _('unplaced')}"
            for person, centre in result.assignments.items()
        )
    return lines


class Command(BaseCommand):
    help = (
        "Propose a placement of a waiting list over centres (one centre per person offering every need, "
        "within capacity and staff caps), minimising travel plus urgency-weighted penalties for the "
        "unplaced. Reports a lower bound, the gap and the improvement over the greedy coordinator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", type=Path, help="instance JSON file (see docs/placement.md)")
        parser.add_argument(
            "--greedy", action="store_true", help="the greedy baseline instead of the optimiser"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--method",
            choices=["auto", "exact", "two_level"],
            default="auto",
            help="auto (exact up to a few thousand people, else the scalable method), exact or two_level",
        )
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds for the exact solver")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["instance"]
        data = read_instance_file(path)
        try:
            instance = parse_instance(data)
        except InstanceError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("{count} problem(s) in {path}; nothing was placed.").format(
                    count=len(exc.problems), path=path
                )
            ) from None
        if options["greedy"]:
            result = place_greedy(instance)
        else:
            result = place(instance, method=options["method"], time_limit=options["time_limit"])
        if options["json"]:
            self.stdout.write(json.dumps(result.to_data(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(summary_lines(result)))
