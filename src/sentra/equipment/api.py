"""Equipment endpoints: catalogue, standards, inventories, gaps and budgets, needs and loans.

Thin: parse, call a selector or service, return. Scoping is the selectors' (404 for another centre's
records); loans and needs name persons, so national analysts never get them.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries.models import Beneficiary
from sentra.core.models import User
from sentra.equipment.models import DeviceRequest, Item, ItemType, Loan, Standard
from sentra.equipment.selectors import inventory as inventory_selectors
from sentra.equipment.selectors import loans as loan_selectors
from sentra.equipment.selectors import plans
from sentra.equipment.services import imports, inventory, loans
from sentra.equipment.services.inventory import ItemInput
from sentra.workforce.fields import MAX_ID

router = Router(tags=["equipment"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


# --- schemas -----------------------------------------------------------------------------------------


class ItemTypeOut(Schema):
    id: int
    code: str
    name_id: str
    name_en: str
    category: str
    device_code: str
    unit_cost: Decimal
    lifespan_years: int
    is_active: bool


class StandardOut(Schema):
    id: int
    component: str
    subtype: str
    setting: str = Field(description="Empty: every setting the centre offers the component in")
    item_type: str
    minimum_quantity: int
    caseload_basis: str
    caseload_per_unit: int | None
    version: int
    is_active: bool

    @staticmethod
    def resolve_component(obj: Standard) -> str:
        return obj.component.code

    @staticmethod
    def resolve_subtype(obj: Standard) -> str:
        return obj.subtype.code if obj.subtype else ""

    @staticmethod
    def resolve_item_type(obj: Standard) -> str:
        return obj.item_type.code


class ItemOut(Schema):
    id: int
    centre_id: int
    item_type: str
    asset_number: str
    serial_number: str
    location: str
    acquired_on: datetime.date
    acquisition_cost: Decimal
    lifespan_years: int
    lifespan_ends_on: datetime.date
    condition: str
    condition_on: datetime.date | None
    on_loan: bool

    @staticmethod
    def resolve_centre_id(obj: Item) -> int:
        return obj.sentra_id

    @staticmethod
    def resolve_item_type(obj: Item) -> str:
        return obj.item_type.code


class ItemIn(Schema):
    item_type: str = Field(description="Catalogue code, e.g. wheelchair_standard")
    asset_number: str
    acquired_on: datetime.date
    serial_number: str = ""
    location: str = ""
    acquisition_cost: Decimal | None = Field(
        None, description="Whole rupiah; empty: the catalogue's unit cost"
    )
    lifespan_years: int | None = Field(None, ge=1, le=50, description="Empty: the catalogue's lifespan")
    condition: str = "good"
    notes: str = ""


class InspectionIn(Schema):
    inspected_on: datetime.date
    condition: str
    notes: str = ""


class MaintenanceIn(Schema):
    performed_on: datetime.date
    kind: str
    description: str
    cost: Decimal | None = None
    performed_by: str = ""


class ReadinessOut(Schema):
    standard_met_share: float | None
    good_condition_share: float | None
    unmet_device_needs: int
    device_needs_total: int
    required_units: int
    held_units: int
    items_held: int


class RequirementOut(Schema):
    item_type: str
    required: int
    held: int
    usable: int
    missing: int
    people: float


class LineOut(Schema):
    centre_id: int
    kind: str = Field(description="standard, replacement or device_need")
    item_type: str
    quantity: int
    unit_cost: Decimal
    cost: Decimal
    served_per_unit: float


class CentreGapOut(Schema):
    centre_id: int
    plan_year: int
    readiness: ReadinessOut | None = Field(
        None, description="Null: no inventory, no standard, no device need"
    )
    requirements: list[RequirementOut]
    lines: list[LineOut]
    total_cost: Decimal


class TypeTotalOut(Schema):
    item_type: str
    quantity: int
    cost: Decimal
    people_served: float


class CentreTotalOut(Schema):
    centre_id: int
    centre_code: str
    quantity: int
    cost: Decimal


class NationalGapOut(Schema):
    plan_year: int
    total_cost: Decimal
    total_quantity: int
    by_type: list[TypeTotalOut]
    by_centre: list[CentreTotalOut]


class NeedOut(Schema):
    id: int
    centre_id: int
    beneficiary_id: int
    registration_number: str
    device_code: str
    status: str
    requested_on: datetime.date
    assessment_need_id: int | None
    source: str

    @staticmethod
    def resolve_centre_id(obj: DeviceRequest) -> int:
        return obj.sentra_id

    @staticmethod
    def resolve_registration_number(obj: DeviceRequest) -> str:
        return obj.beneficiary.registration_number


class NeedIn(Schema):
    beneficiary_id: int | None = Field(None, ge=1, le=MAX_ID)
    assessment_need_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="An open assessments DeviceNeed: takes the rest from it"
    )
    device_code: str = ""
    requested_on: datetime.date | None = None
    source: str = ""


class LoanIn(Schema):
    item_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Empty: the best free device of the needed kind"
    )
    issued_on: datetime.date | None = None
    due_back_on: datetime.date | None = None
    notes: str = ""


class LoanOut(Schema):
    id: int
    need_id: int
    item_id: int
    centre_id: int
    beneficiary_id: int
    status: str
    issued_on: datetime.date
    due_back_on: datetime.date | None
    fitted_on: datetime.date | None
    returned_on: datetime.date | None
    lost_on: datetime.date | None

    @staticmethod
    def resolve_need_id(obj: Loan) -> int:
        return obj.request_id

    @staticmethod
    def resolve_centre_id(obj: Loan) -> int:
        return obj.sentra_id


class FitIn(Schema):
    fitted_on: datetime.date
    fitting_notes: str = ""


class ReturnIn(Schema):
    returned_on: datetime.date
    condition: str
    notes: str = ""


class LostIn(Schema):
    lost_on: datetime.date
    notes: str = ""


class ImportErrorOut(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    imported: bool
    rows: int
    created: int
    already_recorded_lines: list[int]
    errors: list[ImportErrorOut]


# --- catalogue, standards, inventory -----------------------------------------------------------------


@router.get("/equipment/catalogue", response=list[ItemTypeOut], summary="The catalogue of item types")
def catalogue(request: HttpRequest) -> Any:
    inventory_selectors.centres_for(_actor(request))  # role gate: any signed-in staff role
    return inventory_selectors.item_types()


@router.get(
    "/equipment/standards", response=list[StandardOut], summary="Equipment standards in force and retired"
)
def standards(request: HttpRequest) -> Any:
    return inventory_selectors.standard_list(user=_actor(request))


@router.get("/equipment/centres/{centre_id}/items", response=list[ItemOut], summary="A centre's inventory")
@paginate(PageNumber)
def items(request: HttpRequest, centre_id: int, category: str = "", condition: str = "", q: str = "") -> Any:
    user = _actor(request)
    sentra = inventory_selectors.centre_get(user=user, pk=centre_id)
    return inventory_selectors.item_list(
        user=user, sentra=sentra, category=category, condition=condition, query=q
    )


def _item_input(payload: ItemIn) -> ItemInput:
    item_type = ItemType.objects.filter(code=payload.item_type.strip().lower()).first()
    return ItemInput(
        item_type_id=item_type.pk if item_type else None,
        asset_number=payload.asset_number,
        acquired_on=payload.acquired_on,
        serial_number=payload.serial_number,
        location=payload.location,
        acquisition_cost=payload.acquisition_cost,
        lifespan_years=payload.lifespan_years,
        condition=payload.condition,
        notes=payload.notes,
    )


@router.post(
    "/equipment/centres/{centre_id}/items", response={201: ItemOut}, summary="Add an item (centre head)"
)
def item_create(request: HttpRequest, centre_id: int, payload: ItemIn) -> Any:
    user = _actor(request)
    sentra = inventory_selectors.centre_get(user=user, pk=centre_id)
    return Status(201, inventory.item_create(actor=user, sentra=sentra, data=_item_input(payload)))


@router.get("/equipment/items/{item_id}", response=ItemOut, summary="One item")
def item_get(request: HttpRequest, item_id: int) -> Any:
    return inventory_selectors.item_get(user=_actor(request), pk=item_id)


@router.put("/equipment/items/{item_id}", response=ItemOut, summary="Change an item (centre head)")
def item_update(request: HttpRequest, item_id: int, payload: ItemIn) -> Any:
    user = _actor(request)
    item = inventory_selectors.item_get(user=user, pk=item_id)
    return inventory.item_update(actor=user, item=item, data=_item_input(payload))


@router.post(
    "/equipment/items/{item_id}/inspections", response={201: ItemOut}, summary="Record an inspection"
)
def item_inspect(request: HttpRequest, item_id: int, payload: InspectionIn) -> Any:
    user = _actor(request)
    item = inventory_selectors.item_get(user=user, pk=item_id)
    inventory.inspection_record(actor=user, item=item, **payload.dict())
    return Status(201, inventory_selectors.item_get(user=user, pk=item_id))


@router.post("/equipment/items/{item_id}/maintenance", response={201: ItemOut}, summary="Record maintenance")
def item_maintenance(request: HttpRequest, item_id: int, payload: MaintenanceIn) -> Any:
    user = _actor(request)
    item = inventory_selectors.item_get(user=user, pk=item_id)
    inventory.maintenance_record(actor=user, item=item, **payload.dict())
    return Status(201, item)


@router.post(
    "/equipment/centres/{centre_id}/imports",
    response={200: ImportOut, 422: ImportOut},
    summary="Import an inventory file",
)
def inventory_import(
    request: HttpRequest,
    centre_id: int,
    file: File[UploadedFile],
    import_valid_rows: Form[bool] = False,
) -> Any:
    user = _actor(request)
    sentra = inventory_selectors.centre_get(user=user, pk=centre_id)
    report = imports.inventory_import(
        actor=user, sentra=sentra, upload=file, import_valid_rows=import_valid_rows
    )
    body = {
        "imported": report.imported,
        "rows": report.rows,
        "created": report.created,
        "already_recorded_lines": report.already_recorded,
        "errors": [error.as_dict() for error in report.errors],
    }
    return Status(422 if report.errors and not report.imported else 200, body)


# --- gaps and budgets --------------------------------------------------------------------------------


def _lines(lines: Any, item_types: dict[int, ItemType]) -> list[dict[str, Any]]:
    return [
        {
            "centre_id": line.centre_id,
            "kind": line.kind,
            "item_type": item_types[line.item_type_id].code,
            "quantity": line.quantity,
            "unit_cost": line.unit_cost,
            "cost": line.cost,
            "served_per_unit": round(line.served_per_unit, 4),
        }
        for line in lines
    ]


@router.get(
    "/equipment/centres/{centre_id}/gap",
    response=CentreGapOut,
    summary="A centre's gap, budget and readiness",
)
def centre_gap(request: HttpRequest, centre_id: int) -> Any:
    gap = plans.centre_gap(user=_actor(request), pk=centre_id)
    return {
        "centre_id": gap.centre.pk,
        "plan_year": gap.plan_year,
        "readiness": gap.readiness.__dict__ if gap.readiness else None,
        "requirements": [{**row, "item_type": row["item_type"].code} for row in gap.requirement_rows],
        "lines": _lines(gap.plan.lines, gap.item_types),
        "total_cost": gap.plan.total_cost,
    }


@router.get(
    "/equipment/national/gap", response=NationalGapOut, summary="National gap and budget (national roles)"
)
def national_gap(request: HttpRequest) -> Any:
    user = _actor(request)
    if user.role not in plans.NATIONAL_PLAN_ROLES:
        raise PermissionDenied
    plan = plans.national_plan(user=user)
    return {
        "plan_year": plan.plan_year,
        "total_cost": plan.total_cost,
        "total_quantity": plan.total_quantity,
        "by_type": [
            {
                "item_type": total.item_type.code,
                "quantity": total.quantity,
                "cost": total.cost,
                "people_served": round(total.people_served, 2),
            }
            for total in plan.by_type
        ],
        "by_centre": [
            {
                "centre_id": total.centre.pk,
                "centre_code": total.centre.code,
                "quantity": total.quantity,
                "cost": total.cost,
            }
            for total in plan.by_centre
        ],
    }


# --- needs and loans ---------------------------------------------------------------------------------


@router.get(
    "/equipment/centres/{centre_id}/waiting-list",
    response=list[NeedOut],
    summary="People waiting for a device",
)
@paginate(PageNumber)
def waiting_list(request: HttpRequest, centre_id: int, device_code: str = "") -> Any:
    user = _actor(request)
    sentra = inventory_selectors.centre_get(user=user, pk=centre_id)
    return loan_selectors.waiting_list(user=user, sentra=sentra, device_code=device_code)


@router.post(
    "/equipment/centres/{centre_id}/device-needs", response={201: NeedOut}, summary="Record a device need"
)
def need_create(request: HttpRequest, centre_id: int, payload: NeedIn) -> Any:
    user = _actor(request)
    sentra = inventory_selectors.centre_get(user=user, pk=centre_id)
    if payload.assessment_need_id is not None:
        need = loans.request_from_assessment(actor=user, device_need_id=payload.assessment_need_id)
        if need.sentra_id != sentra.pk:
            raise Http404
        return Status(201, need)
    beneficiary = (
        Beneficiary.objects.visible_to(user).filter(pk=payload.beneficiary_id).first()
        if payload.beneficiary_id is not None
        else None
    )
    if beneficiary is None:
        raise ValidationError({"beneficiary_id": [_("Choose a beneficiary of your centre.")]})
    need = loans.request_create(
        actor=user,
        sentra=sentra,
        beneficiary=beneficiary,
        device_code=payload.device_code,
        requested_on=payload.requested_on,
        source=payload.source,
    )
    return Status(201, need)


@router.post(
    "/equipment/device-needs/{need_id}/loan",
    response={201: LoanOut},
    summary="Lend a device to a person waiting",
)
def loan_issue(request: HttpRequest, need_id: int, payload: LoanIn) -> Any:
    user = _actor(request)
    need = loan_selectors.request_get(user=user, pk=need_id)
    return Status(201, loans.loan_issue(actor=user, request=need, **payload.dict()))


@router.get("/equipment/loans/{loan_id}", response=LoanOut, summary="One loan")
def loan_get(request: HttpRequest, loan_id: int) -> Any:
    return loan_selectors.loan_for_reading(
        user=_actor(request), pk=loan_id, purpose=_("Assistive-device loan")
    )


@router.post("/equipment/loans/{loan_id}/fitting", response=LoanOut, summary="Record the fitting")
def loan_fit(request: HttpRequest, loan_id: int, payload: FitIn) -> Any:
    user = _actor(request)
    return loans.loan_fit(actor=user, loan=loan_selectors.loan_get(user=user, pk=loan_id), **payload.dict())


@router.post("/equipment/loans/{loan_id}/return", response=LoanOut, summary="Record the return")
def loan_return(request: HttpRequest, loan_id: int, payload: ReturnIn) -> Any:
    user = _actor(request)
    return loans.loan_return(
        actor=user, loan=loan_selectors.loan_get(user=user, pk=loan_id), **payload.dict()
    )


@router.post("/equipment/loans/{loan_id}/loss", response=LoanOut, summary="Report the device lost")
def loan_lost(request: HttpRequest, loan_id: int, payload: LostIn) -> Any:
    user = _actor(request)
    return loans.loan_lost(actor=user, loan=loan_selectors.loan_get(user=user, pk=loan_id), **payload.dict())
