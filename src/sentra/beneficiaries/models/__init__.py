"""The beneficiary (penerima manfaat, PM) registry: persons, family links, consent, duplicates, imports.

Field names here are a contract with the ``cases`` app; do not rename them. One module per topic;
every name is importable from ``sentra.beneficiaries.models`` (migrations refer to the upload paths
and the registration-number default here).
"""

from sentra.beneficiaries.models.consent import (
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    ConsentQuerySet,
    evidence_upload_to,
)
from sentra.beneficiaries.models.duplicates import (
    DuplicateReview,
    DuplicateReviewQuerySet,
    ReviewStatus,
)
from sentra.beneficiaries.models.family import (
    Relationship,
    RelationshipQuerySet,
    RelationshipType,
)
from sentra.beneficiaries.models.imports import (
    ImportJob,
    ImportJobQuerySet,
    ImportStatus,
    import_upload_to,
)
from sentra.beneficiaries.models.registry import (
    PHONE_VALIDATOR,
    Beneficiary,
    BeneficiaryQuerySet,
    DisabilityType,
    IntakeChannel,
    NoNikReason,
    QualityFlag,
    Sex,
    new_registration_number,
    photo_upload_to,
)
from sentra.beneficiaries.models.requests import (
    HANDLER_ROLES,
    ErasureCategory,
    RequesterKind,
    RetentionGround,
    SubjectRequest,
    SubjectRequestKind,
    SubjectRequestQuerySet,
    SubjectRequestStatus,
)

__all__ = [
    "HANDLER_ROLES",
    "PHONE_VALIDATOR",
    "Beneficiary",
    "BeneficiaryQuerySet",
    "Consent",
    "ConsentGiver",
    "ConsentMethod",
    "ConsentPurpose",
    "ConsentQuerySet",
    "DisabilityType",
    "DuplicateReview",
    "DuplicateReviewQuerySet",
    "ErasureCategory",
    "ImportJob",
    "ImportJobQuerySet",
    "ImportStatus",
    "IntakeChannel",
    "NoNikReason",
    "QualityFlag",
    "Relationship",
    "RelationshipQuerySet",
    "RelationshipType",
    "RequesterKind",
    "RetentionGround",
    "ReviewStatus",
    "Sex",
    "SubjectRequest",
    "SubjectRequestKind",
    "SubjectRequestQuerySet",
    "SubjectRequestStatus",
    "evidence_upload_to",
    "import_upload_to",
    "new_registration_number",
    "photo_upload_to",
]
