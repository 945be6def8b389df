"""Tables of the workforce app: staff, credentials, alerts and the competency framework."""

from sentra.workforce.models.competency import (
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    EvidenceKind,
    SkillArea,
    StaffCompetency,
)
from sentra.workforce.models.staff import (
    SIGN_LANGUAGES,
    STAFF_MANAGER_ROLES,
    Credential,
    CredentialAlert,
    CredentialKind,
    EmploymentType,
    Language,
    PeksosLevel,
    StaffMember,
    StaffProfession,
    StaffQuerySet,
    StaffSex,
)

__all__ = [
    "SIGN_LANGUAGES",
    "STAFF_MANAGER_ROLES",
    "Competency",
    "CompetencyEvidence",
    "CompetencyLevel",
    "Credential",
    "CredentialAlert",
    "CredentialKind",
    "EmploymentType",
    "EvidenceKind",
    "Language",
    "PeksosLevel",
    "SkillArea",
    "StaffCompetency",
    "StaffMember",
    "StaffProfession",
    "StaffQuerySet",
    "StaffSex",
]
