from workflow.models.dossier import Dossier  # noqa: E402  (needs the records above)
from workflow.models.letters import DecisionLetter, LetterBatch, LetterBatchStatus
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
from workflow.models.review import Assessment, InternalNote

__all__ = [
    "OUTCOME_STATUS",
    "ApplicationVersion",
    "Assessment",
    "AuditEvent",
    "AuditKind",
    "ClarificationRequest",
    "ConflictDeclaration",
    "DecisionLetter",
    "DecisionProposal",
    "Dossier",
    "InternalNote",
    "LetterBatch",
    "LetterBatchStatus",
    "Outcome",
    "ReviewAssignment",
    "SubmissionExtension",
]
