"""The aftercare's money, read one way for pages, API, letters and exports: what was granted
per year, what was paid, what the report says was spent from
the subsidy, and what a recovery should reclaim. How a year splits into tranches is
`grants.money.tranche_amounts`, which the decision letter announces too."""

from decimal import Decimal

from django.db.models import Sum

from aftercare.models import BudgetLineReport, LaterDecision, ReportStatus, Tranche, TrancheStatus
from grants.models import BudgetSource
from workflow.models import DecisionProposal

ZERO = Decimal("0")


def granted_per_year(application) -> dict[int, Decimal]:
    """The amounts in force per year: of the last later decision (an amending decision, after
    reconsideration, a correction, after an annulment), else of the approved decision (empty
    before a decision)."""
    later = LaterDecision.objects.filter(application=application).order_by("-decided_at", "-pk").first()
    if later is not None:
        return {int(year): Decimal(amount) for year, amount in later.amounts.items()}
    proposal = (DecisionProposal.objects.filter(application=application, approved_at__isnull=False)
                .order_by("-approved_at", "-pk").first())
    if proposal is None:
        return {}
    return {int(year): Decimal(amount) for year, amount in proposal.amounts.items()}


def paid_for_year(application, year: int) -> Decimal:
    paid = Tranche.objects.filter(application=application, year=year, status=TrancheStatus.BETAALD)
    return paid.aggregate(total=Sum("amount"))["total"] or ZERO


def spent_from_subsidy(application, year: int) -> Decimal:
    """What the year's approved report (or, before approval, the latest report) says was spent
    on the lines financed by the subsidy."""
    rows = BudgetLineReport.objects.filter(report__application=application, report__year=year,
                                           budget_line__source=BudgetSource.SUBSIDY)
    return rows.aggregate(total=Sum("spent"))["total"] or ZERO


def underspent(application, year: int) -> Decimal:
    """The recovery an approved report calls for: paid minus spent from the subsidy (never less
    than zero); zero while the year's report is not approved."""
    if not application.yearly_reports.filter(year=year, status=ReportStatus.GOEDGEKEURD).exists():
        return ZERO
    return max(ZERO, paid_for_year(application, year) - spent_from_subsidy(application, year))
