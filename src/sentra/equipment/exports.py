"""The budget proposal as XLSX for the budgeting office (openpyxl, write-only for the national size)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from sentra.core.exports import Column, ExportSpec
from sentra.equipment.models import Category, ItemType
from sentra.equipment.rules.gaps import KIND_DEVICE_NEED, KIND_REPLACEMENT, KIND_STANDARD, PlanLine
from sentra.equipment.selectors.plans import NationalPlan
from sentra.network.models import Sentra

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kind_labels() -> dict[str, str]:
    return {
        KIND_STANDARD: _("Missing against the standard"),
        KIND_REPLACEMENT: _("Replacement (broken or past its lifespan)"),
        KIND_DEVICE_NEED: _("Assistive devices for people waiting"),
    }


def _bold_row(sheet: object, values: Iterable[object]) -> list[object]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def plan_workbook(plan: NationalPlan, *, title: str) -> bytes:
    """Sheet 1: every purchase line ranked; sheet 2: totals per item type; sheet 3: method."""
    book = Workbook(write_only=True)
    categories = dict(Category.choices)
    kinds = kind_labels()
    lines_sheet = book.create_sheet(_("Budget proposal")[:31])
    lines_sheet.append([title])
    lines_sheet.append(
        _bold_row(
            lines_sheet,
            [
                _("Rank"),
                _("Centre code"),
                _("Centre"),
                _("Reason"),
                _("Category"),
                _("Item type code"),
                _("Item type"),
                _("Quantity"),
                _("Unit cost (Rp)"),
                _("Cost (Rp)"),
                _("Cumulative cost (Rp)"),
                _("Beneficiaries served per unit"),
                _("Required"),
                _("Held"),
            ],
        )
    )
    cumulative = 0
    for rank, line in enumerate(plan.lines, start=1):
        centre: Sentra = plan.centres[line.centre_id]
        item_type: ItemType = plan.item_types[line.item_type_id]
        cumulative += int(line.cost)
        lines_sheet.append(_line_row(rank, line, centre, item_type, cumulative, kinds, categories))
    totals = book.create_sheet(_("Per item type")[:31])
    totals.append(
        _bold_row(
            totals,
            [_("Item type code"), _("Item type"), _("Quantity"), _("Cost (Rp)"), _("Beneficiaries served")],
        )
    )
    for total in plan.by_type:
        totals.append(
            [
                total.item_type.code,
                total.item_type.label,
                total.quantity,
                int(total.cost),
                round(total.people_served, 1),
            ]
        )
    totals.append(_bold_row(totals, [_("Total"), "", plan.total_quantity, int(plan.total_cost), ""]))
    method = book.create_sheet(_("Method")[:31])
    for text in method_lines(plan.plan_year):
        method.append([text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _line_row(
    rank: int,
    line: PlanLine,
    centre: Sentra,
    item_type: ItemType,
    cumulative: int,
    kinds: dict[str, str],
    categories: Mapping[str, object],
) -> list[object]:
    return [
        rank,
        centre.code,
        centre.name,
        kinds[line.kind],
        str(categories.get(item_type.category, item_type.category)),
        item_type.code,
        item_type.label,
        line.quantity,
        int(line.unit_cost),
        int(line.cost),
        cumulative,
        round(line.served_per_unit, 2),
        line.required,
        line.held,
    ]


def method_lines(plan_year: int) -> list[str]:
    return [
        _("Budget proposal for {year}.").format(year=plan_year),
        _(
            "Missing against the standard: for every service a centre offers, the standard's units are "
            "max(minimum, caseload ÷ caseload per unit, rounded up); held units are items not written off "
            "and not on loan."
        ),
        _(
            "Replacement: held items that are broken, or whose expected lifespan ends by 31 December "
            "{year}, replaced one for one."
        ).format(year=plan_year),
        _(
            "Assistive devices: people on the waiting list less spare devices of that kind, bought as "
            "the cheapest catalogue type."
        ),
        _(
            "Ranking: beneficiaries served per unit bought (the standard's caseload ÷ its units; one "
            "person per assistive device), most first; then the cheaper unit first."
        ),
        _("Prices: the unit costs of the catalogue."),
    ]


# A centre's inventory list as the shared list export (``sentra.core.exports``) writes it.
EQUIPMENT = ExportSpec(
    name="equipment",
    title=gettext_lazy("Equipment"),
    columns=(
        Column(gettext_lazy("Asset number"), lambda i: i.asset_number),
        Column(gettext_lazy("Type"), lambda i: i.item_type.label),
        Column(gettext_lazy("Location"), lambda i: i.location),
        Column(gettext_lazy("Acquired on"), lambda i: i.acquired_on),
        Column(gettext_lazy("Condition"), lambda i: i.get_condition_display()),
        Column(gettext_lazy("On loan"), lambda i: gettext_lazy("yes") if i.on_loan else gettext_lazy("no")),
        Column(gettext_lazy("Lifespan ends on"), lambda i: i.lifespan_ends_on),
    ),
)
