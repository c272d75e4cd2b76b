"""The workflow's records, one module per topic: the audit trail, what a submission leaves
behind, the department's review, decisions and letters; ``Dossier`` is the application as
the state machine sees it."""

from workflow.models.audit import AuditEvent, AuditKind
from workflow.models.decisions import OUTCOME_STATUS, ActKind, DecisionAct, DecisionProposal, Outcome
from workflow.models.dossier import Dossier
from workflow.models.letters import DecisionLetter, LetterBatch, LetterBatchStatus
from workflow.models.review import (
    Assessment,
    ClarificationRequest,
    ConflictDeclaration,
    InternalNote,
    ReviewAssignment,
)
from workflow.models.submission import ApplicationVersion, SubmissionExtension

__all__ = [
    "OUTCOME_STATUS",
    "ActKind",
    "DecisionAct",
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
