"""Pages of the beneficiary registry, one module per topic."""

from sentra.beneficiaries.views.consents import consent_evidence, consent_new, consent_withdraw
from sentra.beneficiaries.views.duplicates import (
    candidates,
    flag_pair,
    review_detail,
    review_distinct,
    review_list,
    review_merge,
    review_unmerge,
)
from sentra.beneficiaries.views.family import relationship_add, relationship_remove
from sentra.beneficiaries.views.imports import import_detail, import_example, import_example_xlsx, import_list
from sentra.beneficiaries.views.registry import (
    beneficiary_detail,
    beneficiary_edit,
    beneficiary_list,
    beneficiary_register,
    photo,
    registration_check,
    reveal_nik,
    reveal_sensitive,
    validate_field,
)
from sentra.beneficiaries.views.subject_requests import (
    subject_export_file,
    subject_request_answer,
    subject_request_list,
    subject_request_queue,
)

__all__ = [
    "beneficiary_detail",
    "beneficiary_edit",
    "beneficiary_list",
    "beneficiary_register",
    "candidates",
    "consent_evidence",
    "consent_new",
    "consent_withdraw",
    "flag_pair",
    "import_detail",
    "import_example",
    "import_example_xlsx",
    "import_list",
    "photo",
    "registration_check",
    "relationship_add",
    "relationship_remove",
    "reveal_nik",
    "reveal_sensitive",
    "review_detail",
    "review_distinct",
    "review_list",
    "review_merge",
    "review_unmerge",
    "subject_export_file",
    "subject_request_answer",
    "subject_request_list",
    "subject_request_queue",
    "validate_field",
]
