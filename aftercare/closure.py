"""When a granted dossier is done (afgesloten): every year's report approved, every tranche
paid or cancelled, no recovery still proposed or unpaid. Checked after each step that could
finish it (an effect in aftercare/machine.py); the Closure row is written once."""

from django.utils import timezone

from aftercare.models import (
    OPEN_RECOVERY_STATUSES,
    SETTLED_TRANCHE_STATUSES,
    Closure,
    ReportStatus,
)


def still_open(application) -> list[str]:
    """What keeps the dossier open, in words (empty when it can be closed)."""
    reasons = []
    approved = set(application.yearly_reports.filter(status=ReportStatus.GOEDGEKEURD)
                   .values_list("year", flat=True))
    missing = [year for year in application.call.years if year not in approved]
    if missing:
        reasons.append("jaarverslag " + ", ".join(map(str, missing)))
    tranches = application.tranches.all()
    if not tranches.exists() or tranches.exclude(status__in=SETTLED_TRANCHE_STATUSES).exists():
        reasons.append("betalingen")
    if application.recoveries.filter(status__in=OPEN_RECOVERY_STATUSES).exists():
        reasons.append("terugvordering")
    return reasons


def close_when_done(obj, user, payload, event) -> None:
    application = obj.application
    if not still_open(application) and not Closure.objects.filter(application=application).exists():
        Closure.objects.create(application=application)
        event.data["closed_at"] = timezone.now().isoformat()
