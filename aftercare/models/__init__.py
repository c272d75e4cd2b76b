from aftercare.models.audit import AftercareEvent
from aftercare.models.closure import Closure
from aftercare.models.payments import (
    COMMITTED_TRANCHE_STATUSES,
    SETTLED_TRANCHE_STATUSES,
    Tranche,
    TrancheStatus,
)
from aftercare.models.recovery import (
    OPEN_RECOVERY_STATUSES,
    Recovery,
    RecoveryLetter,
    RecoveryReason,
    RecoveryStatus,
)
from aftercare.models.reports import (
    EDITABLE_REPORT_STATUSES,
    ActionReport,
    BudgetLineReport,
    Execution,
    IndicatorReport,
    ReportAttachment,
    ReportQuestion,
    ReportStatus,
    YearlyReport,
)

__all__ = [
    "COMMITTED_TRANCHE_STATUSES",
    "EDITABLE_REPORT_STATUSES",
    "OPEN_RECOVERY_STATUSES",
    "SETTLED_TRANCHE_STATUSES",
    "ActionReport",
    "AftercareEvent",
    "BudgetLineReport",
    "Closure",
    "Execution",
    "IndicatorReport",
    "Recovery",
    "RecoveryLetter",
    "RecoveryReason",
    "RecoveryStatus",
    "ReportAttachment",
    "ReportQuestion",
    "ReportStatus",
    "Tranche",
    "TrancheStatus",
    "YearlyReport",
]
