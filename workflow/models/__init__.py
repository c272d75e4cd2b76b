from workflow.models.dossier import Dossier  # noqa: E402  (needs the records above)
from workflow.models.records import (
    OUTCOME_STATUS,
    ApplicationVersion,
    AuditEvent,
    AuditKind,
    ClarificationRequest,
    ConflictDeclaration,
    DecisionProposal,
    Outcome,
    ReviewAssignment,
    SubmissionExtension,
)

__all__ = [
    "OUTCOME_STATUS",
    "ApplicationVersion",
    "AuditEvent",
    "AuditKind",
    "ClarificationRequest",
    "ConflictDeclaration",
    "DecisionProposal",
    "Dossier",
    "Outcome",
    "ReviewAssignment",
    "SubmissionExtension",
]
