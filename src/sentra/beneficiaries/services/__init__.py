"""Writes of the beneficiary registry.

Every function is keyword-only and validates before it saves (bad input raises ``ValidationError``
keyed by field, every problem at once, nothing half-saved), runs in one transaction and leaves audit
rows in it (``sentra_id`` = the person's registering centre).
"""

from sentra.beneficiaries.services.consents import (
    ConsentInput,
    consent_check,
    consent_in_force,
    consent_record,
    consent_withdraw,
    require_consent,
)
from sentra.beneficiaries.services.imports import import_job_create, import_job_run
from sentra.beneficiaries.services.merges import (
    duplicate_flag,
    duplicate_mark_distinct,
    duplicate_merge,
    duplicate_unmerge,
)
from sentra.beneficiaries.services.registration import (
    BeneficiaryInput,
    PossibleDuplicates,
    RelationshipInput,
    beneficiary_register,
    beneficiary_update,
    relationship_add,
    relationship_remove,
)

__all__ = [
    "BeneficiaryInput",
    "ConsentInput",
    "PossibleDuplicates",
    "RelationshipInput",
    "beneficiary_register",
    "beneficiary_update",
    "consent_check",
    "consent_in_force",
    "consent_record",
    "consent_withdraw",
    "duplicate_flag",
    "duplicate_mark_distinct",
    "duplicate_merge",
    "duplicate_unmerge",
    "import_job_create",
    "import_job_run",
    "relationship_add",
    "relationship_remove",
    "require_consent",
]
