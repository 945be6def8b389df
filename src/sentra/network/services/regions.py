"""Loading Kemendagri regions: validate the whole file first, then bulk-create or update, once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.network import rules
from sentra.network.models import Region
from sentra.network.services._audit import require_sysadmin

REGION_BATCH_SIZE = 5000


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
    require_sysadmin(actor)
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
            actor_label=actor_label,
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
