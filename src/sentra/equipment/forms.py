"""Forms of the equipment pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.equipment.models import (
    CaseloadBasis,
    Category,
    Condition,
    DeviceCode,
    Item,
    ItemType,
    MaintenanceKind,
    Standard,
)
from sentra.equipment.services.inventory import ItemInput
from sentra.equipment.services.loans import RETURN_CONDITIONS
from sentra.equipment.services.standards import StandardInput
from sentra.network.models import ServiceComponent, ServiceSubtype, Setting
from sentra.workforce.fields import IdChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", _("All"))]


class ItemFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Asset number, serial, location or type"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=ANY + list(Category.choices))
    condition = forms.ChoiceField(label=_("Condition"), required=False, choices=ANY + list(Condition.choices))


class ItemForm(forms.Form):
    item_type = IdChoiceField(label=_("Item type"), queryset=ItemType.objects.none())
    asset_number = forms.CharField(label=_("Asset number"), max_length=40)
    serial_number = forms.CharField(label=_("Serial number"), max_length=80, required=False)
    location = forms.CharField(label=_("Location"), max_length=120, required=False)
    acquired_on = forms.DateField(label=_("Acquisition date"), widget=DATE)
    acquisition_cost = forms.DecimalField(
        label=_("Acquisition cost (Rp)"),
        required=False,
        min_value=0,
        decimal_places=0,
        help_text=_("Empty: the catalogue's unit cost."),
    )
    lifespan_years = forms.IntegerField(
        label=_("Expected lifespan (years)"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Empty: the catalogue's lifespan for this type."),
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ItemType.objects.filter(is_active=True).order_by("category", "code")

    @staticmethod
    def initial_from(item: Item) -> dict[str, Any]:
        return {
            "item_type": item.item_type_id,
            "asset_number": item.asset_number,
            "serial_number": item.serial_number,
            "location": item.location,
            "acquired_on": item.acquired_on,
            "acquisition_cost": item.acquisition_cost,
            "lifespan_years": item.lifespan_years,
            "condition": item.condition,
            "notes": item.notes,
        }

    def to_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            item_type_id=data["item_type"].pk,
            asset_number=data["asset_number"],
            serial_number=data["serial_number"],
            location=data["location"],
            acquired_on=data["acquired_on"],
            acquisition_cost=data["acquisition_cost"],
            lifespan_years=data["lifespan_years"],
            condition=data["condition"],
            notes=data["notes"],
        )


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("Inspection date"), widget=DATE)
    condition = forms.ChoiceField(label=_("Condition found"), choices=Condition.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MaintenanceForm(forms.Form):
    performed_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaintenanceKind.choices)
    description = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.DecimalField(label=_("Cost (Rp)"), required=False, min_value=0, decimal_places=0)
    performed_by = forms.CharField(label=_("Performed by"), required=False, max_length=150)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 5 MB)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=150)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Inventory file (CSV UTF-8 or XLSX)"))
    import_valid_rows = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"), required=False
    )


class NeedForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Beneficiary registration number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    device_code = forms.ChoiceField(label=_("Device needed"), choices=DeviceCode.choices)
    source = forms.CharField(
        label=_("Where the need comes from"),
        required=False,
        max_length=200,
        help_text=_("For example the assessment and its date."),
    )
    requested_on = forms.DateField(label=_("Need recorded on"), required=False, widget=DATE)


class LoanIssueForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Device"), coerce=int, required=False, empty_value=None)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    due_back_on = forms.DateField(label=_("Due back on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("The best free device"))]
        choices += [(str(item.pk), f"{item.asset_number} · {item.item_type}") for item in items]
        self.fields["item"].choices = choices  # type: ignore[attr-defined]


class FittingForm(forms.Form):
    fitted_on = forms.DateField(label=_("Fitted on"), widget=DATE)
    fitting_notes = forms.CharField(
        label=_("What was adjusted"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE)
    condition = forms.ChoiceField(
        label=_("Condition on return"),
        choices=[(c.value, c.label) for c in Condition if c in RETURN_CONDITIONS],
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LostForm(forms.Form):
    lost_on = forms.DateField(label=_("Reported lost on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the need is cancelled"), max_length=300)


class StandardForm(forms.Form):
    component = IdChoiceField(label=_("ATENSI component"), queryset=ServiceComponent.objects.all())
    subtype = IdChoiceField(
        label=_("Sub-type"), queryset=ServiceSubtype.objects.select_related("component"), required=False
    )
    setting = forms.ChoiceField(
        label=_("Setting"), required=False, choices=[("", _("Every setting")), *Setting.choices]
    )
    item_type = IdChoiceField(label=_("Item type"), queryset=ItemType.objects.order_by("category", "code"))
    minimum_quantity = forms.IntegerField(
        label=_("Minimum quantity"), min_value=0, max_value=100_000, initial=0
    )
    caseload_basis = forms.ChoiceField(label=_("Caseload counted in"), choices=CaseloadBasis.choices)
    caseload_per_unit = forms.IntegerField(
        label=_("Caseload per unit"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("One unit for every N of the caseload, e.g. one treatment table per 8 daily sessions."),
    )
    note = forms.CharField(
        label=_("Source or rationale"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    @staticmethod
    def initial_from(standard: Standard) -> dict[str, Any]:
        return {
            "component": standard.component_id,
            "subtype": standard.subtype_id,
            "setting": standard.setting,
            "item_type": standard.item_type_id,
            "minimum_quantity": standard.minimum_quantity,
            "caseload_basis": standard.caseload_basis,
            "caseload_per_unit": standard.caseload_per_unit,
            "note": standard.note,
            "is_active": standard.is_active,
        }

    def to_input(self) -> StandardInput:
        data = self.cleaned_data
        return StandardInput(
            component_id=data["component"].pk,
            subtype_id=data["subtype"].pk if data["subtype"] else None,
            setting=data["setting"],
            item_type_id=data["item_type"].pk,
            minimum_quantity=data["minimum_quantity"],
            caseload_basis=data["caseload_basis"],
            caseload_per_unit=data["caseload_per_unit"],
            note=data["note"],
            is_active=data["is_active"],
        )


class ItemTypeCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=60, help_text=_("e.g. wheelchair_paediatric"))
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=150)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    device_code = forms.ChoiceField(
        label=_("Assistive-device code"), choices=[("", "—"), *DeviceCode.choices], required=False
    )
    unit_cost = forms.DecimalField(label=_("Unit cost (Rp)"), min_value=0, max_digits=14, decimal_places=0)
    lifespan_years = forms.IntegerField(label=_("Expected lifespan (years)"), min_value=1, max_value=50)
    reason = forms.CharField(label=_("Why it is added"), max_length=300, required=False)


class ItemTypeForm(forms.Form):
    unit_cost = forms.DecimalField(label=_("Unit cost (Rp)"), min_value=0, decimal_places=0)
    lifespan_years = forms.IntegerField(label=_("Expected lifespan (years)"), min_value=1, max_value=50)
    is_active = forms.BooleanField(label=_("Active"), required=False)
