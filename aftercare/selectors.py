"""Reads of the aftercare that pages, API, exports, the reminder sweep and monitoring share,
each in a fixed number of queries whatever the number of dossiers."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy

from aftercare.machine import LIFECYCLES, RECOVERY, REPORT, TRANCHE
from aftercare.models import (
    COMMITTED_TRANCHE_STATUSES,
    Closure,
    IndicatorReport,
    Recovery,
    RecoveryStatus,
    ReportStatus,
    Tranche,
    TrancheStatus,
    YearlyReport,
)
from aftercare.money import granted_per_year
from grants.models import GRANTED_STATUSES, Application, Call, Indicator, ReportDueDate
from grants.selectors import applications_visible_to

ZERO = Decimal("0")
DECIDED_RECOVERY_STATUSES = (RecoveryStatus.BESLIST, RecoveryStatus.VEREFFEND)
SUBMITTED_REPORT_STATUSES = tuple(s for s in ReportStatus if s != ReportStatus.CONCEPT)


def awaiting_report(call_id, year: int):
    """Granted, not closed applications of the call that have not submitted the year's report."""
    submitted = YearlyReport.objects.filter(application=OuterRef("pk"), year=year,
                                            status__in=SUBMITTED_REPORT_STATUSES)
    return (Application.objects.filter(call_id=call_id, status__in=GRANTED_STATUSES)
            .exclude(Exists(submitted)).exclude(Exists(Closure.objects.filter(application=OuterRef("pk"))))
            .order_by())


# --- one dossier --------------------------------------------------------------------------------

@dataclass
class YearView:
    year: int
    due_on: object
    granted: Decimal
    report: YearlyReport | None
    tranches: list = field(default_factory=list)

    @property
    def paid(self) -> Decimal:
        return sum((t.amount for t in self.tranches if t.status == TrancheStatus.BETAALD), ZERO)


@dataclass
class DossierAftercare:
    application: Application
    years: list[YearView]
    recoveries: list[Recovery]
    closure: Closure | None

    @property
    def granted(self) -> Decimal:
        return sum((y.granted for y in self.years), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((year.paid for year in self.years), ZERO)

    @property
    def owed(self) -> Decimal:
        """Decided recoveries not yet repaid."""
        return sum((r.amount for r in self.recoveries if r.status == RecoveryStatus.BESLIST), ZERO)

    @property
    def settled(self) -> Decimal:
        return sum((r.amount for r in self.recoveries if r.status == RecoveryStatus.VEREFFEND), ZERO)


def dossier_aftercare(application, applicant_view: bool = False, granted=None) -> DossierAftercare:
    """Per year of the call: the granted amount, the due date, the report and the tranches; the
    recoveries and the closure. A handful of queries. The applicant sees a recovery once it is
    decided: a proposal is the department's internal business. (``granted``: what
    ``granted_per_year`` gave, when the caller has read it already.)"""
    granted = granted_per_year(application) if granted is None else granted
    due = dict(ReportDueDate.objects.filter(call_id=application.call_id).values_list("year", "due_on"))
    reports = {r.year: r for r in application.yearly_reports.all()}
    tranches = defaultdict(list)
    for tranche in application.tranches.select_related("term").order_by("year", "term__order"):
        tranches[tranche.year].append(tranche)
    years = [YearView(year, due.get(year), granted.get(year, ZERO), reports.get(year), tranches[year])
             for year in application.call.years]
    recoveries = application.recoveries.select_related("letter").order_by("year", "proposed_at")
    if applicant_view:
        recoveries = recoveries.filter(status__in=DECIDED_RECOVERY_STATUSES)
    closure = Closure.objects.filter(application=application).first()
    return DossierAftercare(application, years, list(recoveries), closure)


# The acts that start an object, named beside the steps of the tables (aftercare/machine.py).
STARTS = {"start": gettext_lazy("Jaarverslag begonnen"), "plan": gettext_lazy("Schijf gepland"),
          "propose": gettext_lazy("Terugvordering voorgesteld"), "report": gettext_lazy("Wijziging gemeld"),
          "file": gettext_lazy("Heroverweging gevraagd"), "register": gettext_lazy("Beroep geregistreerd")}


def history(application, applicant_view: bool) -> list:
    """The aftercare's events of the dossier, each with its label and the status in words;
    the applicant sees only what concerns them."""
    events = application.aftercare_events.select_related("actor").order_by("at", "pk")
    if applicant_view:
        events = events.filter(visible_to_applicant=True)
    events = list(events)
    for event in events:
        lifecycle = LIFECYCLES[event.lifecycle]
        steps = {step.name: step.label for step in lifecycle.steps}
        event.label = steps.get(event.step) or STARTS.get(event.step, event.step)
        event.status_label = dict(lifecycle.states.choices).get(event.to_status, event.to_status)
    return events


# --- the department's lists ----------------------------------------------------------------------

def _of_call(lifecycle, user, call):
    visible = applications_visible_to(user)
    return lifecycle.model.objects.filter(application__in=visible, application__call=call)


def reports_for(user, call: Call, status: str | None = None, year: int | None = None):
    """The call's yearly reports the user may see, newest submission first, with their dossier."""
    reports = (_of_call(REPORT, user, call)
               .select_related("application__applicant__lead_municipality__province"))
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    return reports.order_by(F("submitted_at").desc(nulls_last=True), "application__dossier_number", "year")


def tranches_for(user, call: Call, status: str | None = None, year: int | None = None):
    tranches = (_of_call(TRANCHE, user, call)
                .select_related("application__applicant", "proposed_by", "approved_by"))
    if status:
        tranches = tranches.filter(status=status)
    if year:
        tranches = tranches.filter(year=year)
    return tranches.order_by("expected_on", "application__dossier_number", "pk")


def recoveries_for(user, call: Call, status: str | None = None):
    recoveries = (_of_call(RECOVERY, user, call)
                  .select_related("application__applicant", "proposed_by", "decided_by", "letter"))
    if status:
        recoveries = recoveries.filter(status=status)
    return recoveries.order_by("-proposed_at", "pk")


def approved_payments(call: Call):
    """The approved tranches not yet paid: what the financial system is to pay (the export)."""
    return (Tranche.objects.filter(application__call=call, status=TrancheStatus.GOEDGEKEURD)
            .select_related("application__applicant", "approved_by")
            .order_by("expected_on", "application__dossier_number", "pk"))


# --- the dashboard: money per year against the envelope ------------------------------------------

@dataclass
class PaymentYear:
    year: int
    envelope: Decimal
    committed: Decimal
    approved: Decimal
    paid: Decimal
    recovered: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.committed


def payment_figures(call: Call) -> list[PaymentYear]:
    """Per year of the call: the envelope, what the tranches commit (all but cancelled ones),
    what is approved for payment or paid, what was paid, and what recoveries got back. Two queries."""
    sums = (Tranche.objects.filter(application__call=call).values("year").annotate(
        committed=Sum("amount", filter=Q(status__in=COMMITTED_TRANCHE_STATUSES)),
        approved=Sum("amount", filter=Q(status__in=(TrancheStatus.GOEDGEKEURD, TrancheStatus.BETAALD))),
        paid=Sum("amount", filter=Q(status=TrancheStatus.BETAALD))))
    per_year = {row["year"]: row for row in sums}
    recovered = dict(Recovery.objects.filter(application__call=call, status=RecoveryStatus.VEREFFEND)
                     .values("year").annotate(total=Sum("amount")).values_list("year", "total"))
    def total(year, column):
        return per_year.get(year, {}).get(column) or ZERO

    return [PaymentYear(year, call.annual_envelope, total(year, "committed"), total(year, "approved"),
                        total(year, "paid"), recovered.get(year) or ZERO)
            for year in call.years]


# --- for monitoring (issue 18): realised against target ------------------------------------------

@dataclass(frozen=True)
class IndicatorResult:
    application_id: int
    indicator_id: int
    name: str
    unit: str
    year: int
    target: Decimal | None
    realised: Decimal | None
    approved: bool


def realised_vs_target(call: Call, approved_only: bool = True) -> list[IndicatorResult]:
    """Per indicator of the call's granted applications and per year of the call: the target
    the plan set and the value the year's report realised (None when not reported). By default
    only approved reports count; two queries whatever the number of dossiers."""
    reports = IndicatorReport.objects.filter(report__application__call=call)
    if approved_only:
        reports = reports.filter(report__status=ReportStatus.GOEDGEKEURD)
    realised = {(row["indicator_id"], row["report__year"]): (row["realised"], row["report__status"])
                for row in reports.values("indicator_id", "report__year", "realised", "report__status")}
    indicators = (Indicator.objects.filter(action__application__call=call,
                                           action__application__status__in=GRANTED_STATUSES)
                  .values("pk", "name", "unit", "targets", "action__application_id").order_by("pk"))
    results = []
    for row in indicators:
        for year in call.years:
            value, status = realised.get((row["pk"], year), (None, None))
            target = row["targets"].get(str(year))
            results.append(IndicatorResult(
                row["action__application_id"], row["pk"], row["name"], row["unit"], year,
                Decimal(str(target)) if target is not None else None, value,
                status == ReportStatus.GOEDGEKEURD))
    return results



# --- changes, appeals and the letters (issue 23) ----------------------------------------------


@dataclass
class Amendments:
    changes: list
    appeals: list
    letters: list
    reconsideration_until: object  # the last day to ask for reconsideration, or None


def amendments_of(application, user=None) -> Amendments:
    """A decided dossier's changes, appeals and letters, in a fixed number of queries; with a
    user, each change and appeal carries the steps the table offers that user now (the step's
    own page checks its conditions)."""
    from aftercare.later import letter_series, reconsideration_deadline
    from aftercare.machine import APPEAL, CHANGE

    changes = list(application.plan_changes.select_related("municipality", "version"))
    appeals = list(application.appeals.all())
    if user is not None:
        application = Application.objects.prefetch_related("conflict_declarations").get(pk=application.pk)
        for lifecycle, objects in ((CHANGE, changes), (APPEAL, appeals)):
            for obj in objects:
                obj.application = application
                obj.available = [step for step in lifecycle.steps
                                 if obj.status in step.sources and step.actor.refusal(obj, user) is None]
    letters = letter_series(application)
    return Amendments(changes, appeals, letters, reconsideration_deadline(application))
