"""Every read of the equipment app, scoped to the reader (the readiness selector is for the scorecard)."""

from sentra.equipment.selectors.plans import EquipmentReadiness, equipment_readiness

__all__ = ["EquipmentReadiness", "equipment_readiness"]
