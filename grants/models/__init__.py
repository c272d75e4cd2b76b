from grants.models.applications import (
    Action,
    ActionYear,
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Attachment,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Indicator,
)
from grants.models.calls import AssessmentCriterion, AttachmentType, Call
from grants.models.organisations import Applicant, ApplicantKind, LegalForm, OrganisationMembership
from grants.models.reference import Municipality, PartnerType, PolicyPriority, Province, TargetGroup

__all__ = [
    "Action",
    "ActionYear",
    "Applicant",
    "ApplicantKind",
    "Application",
    "ApplicationMunicipality",
    "ApplicationStatus",
    "AssessmentCriterion",
    "Attachment",
    "AttachmentType",
    "BudgetCategory",
    "BudgetLine",
    "BudgetSource",
    "Call",
    "Indicator",
    "LegalForm",
    "Municipality",
    "OrganisationMembership",
    "PartnerType",
    "PolicyPriority",
    "Province",
    "TargetGroup",
]
