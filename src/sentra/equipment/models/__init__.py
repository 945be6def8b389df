"""Equipment: the catalogue, each centre's inventory, standards per service, loans and needs."""

from sentra.equipment.models.catalogue import Category, DeviceCode, ItemType, ItemTypeRevision
from sentra.equipment.models.inventory import (
    Condition,
    Inspection,
    Item,
    ItemPhoto,
    MaintenanceKind,
    MaintenanceRecord,
)
from sentra.equipment.models.loans import DeviceRequest, Loan, LoanStatus, RequestStatus
from sentra.equipment.models.standards import CaseloadBasis, Standard, StandardRevision

__all__ = [
    "CaseloadBasis",
    "Category",
    "Condition",
    "DeviceCode",
    "DeviceRequest",
    "Inspection",
    "Item",
    "ItemPhoto",
    "ItemType",
    "ItemTypeRevision",
    "Loan",
    "LoanStatus",
    "MaintenanceKind",
    "MaintenanceRecord",
    "RequestStatus",
    "Standard",
    "StandardRevision",
]
