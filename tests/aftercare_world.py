"""A granted dossier and the people around it, for the aftercare's tests: the applicant's
director, a dossierbehandelaar and two beslissers (four eyes), driven through the real services."""

from dataclasses import dataclass
from decimal import Decimal

from django.test import TestCase

from aftercare import services
from aftercare.models import Tranche, YearlyReport
from grants.models import Application, BudgetLine
from grants.roles import Role
from tests import factories
from workflow.services import declare_conflict

GRANTED = {2023: Decimal("50000.00"), 2024: Decimal("50000.00"), 2025: Decimal("50000.00")}


@dataclass
class World:
    application: Application
    applicant: object
    reviewer: object
    decider: object
    second: object

    def report(self, year=2023) -> YearlyReport:
        return YearlyReport.objects.get(application=self.application, year=year)

    def tranche(self, year=2023, kind="voorschot") -> Tranche:
        return Tranche.objects.get(application=self.application, year=year, kind=kind)


def granted_world(call, name="Regio Leiestreek", lead="Kortrijk", amounts=None, members=()) -> World:
    applicant = factories.make_applicant(name=name, lead=lead)
    application = factories.make_application(call, applicant=applicant, members=(lead, *members))
    user = factories.make_user(Role.AANVRAGER, organisation=applicant)
    factories.complete_application(application)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the decision's receivers plan the tranches
        outcome = ("gedeeltelijke_toekenning", amounts) if amounts else ("toekenning",)
        application = factories.decide(application, *outcome)
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    decider, second = factories.make_user(Role.BESLISSER), factories.make_user(Role.BESLISSER)
    for person in (reviewer, decider, second):
        declare_conflict(person, application.pk, has_conflict=False)
    return World(application, user, reviewer, decider, second)


def full_report_data(world: World, year=2023, spent=None, execution="uitgevoerd") -> dict:
    return full_report(world.application, year, spent, execution)


def full_report(application, year=2023, spent=None, execution="uitgevoerd") -> dict:
    """Every field of the year's report filled in: actions carried out, targets met, every
    budget line spent as planned (or ``spent`` on each subsidy line)."""
    data = {"narrative": f"In {year} liep alles volgens plan."}
    for action in application.actions.filter(years__year=year):
        data[f"action_{action.pk}"] = execution
        data[f"action_{action.pk}_explanation"] = "" if execution == "uitgevoerd" else "Minder deelnemers."
        for indicator in action.indicators.all():
            data[f"indicator_{indicator.pk}"] = str(indicator.targets.get(str(year), 0))
    for line in BudgetLine.objects.filter(application=application, year=year):
        data[f"line_{line.pk}"] = str(spent if spent is not None else line.amount)
    return data


def submitted_report(world: World, year=2023, **kwargs) -> YearlyReport:
    report = services.save_report(world.applicant, world.application.pk, year, full_report_data(world, year,
                                                                                               **kwargs))
    services.fire(world.applicant, "jaarverslag", report.pk, "submit", {"declaration": "on"})
    return report


def approved_report(world: World, year=2023, **kwargs) -> YearlyReport:
    report = submitted_report(world, year, **kwargs)
    services.fire(world.reviewer, "jaarverslag", report.pk, "approve")
    return report


def pay(world: World, tranche: Tranche, on="2024-05-02", reference="BET-1") -> Tranche:
    services.fire(world.reviewer, "schijf", tranche.pk, "propose")
    services.fire(world.decider, "schijf", tranche.pk, "approve")
    services.fire(world.reviewer, "schijf", tranche.pk, "mark_paid", {"paid_on": on, "reference": reference})
    tranche.refresh_from_db()
    return tranche


def bulk_granted(call, count: int, by) -> list[Application]:
    """Many granted dossiers fast (bulk_create), each with its tranches in every state, a report
    per year in every state and, for every tenth, a recovery: for the lists' query counts."""
    from aftercare.models import Recovery, ReportStatus, TrancheStatus

    applications = factories.bulk_applications(call, count, status="toegekend", prefix="NAZORG")
    terms = list(call.payment_terms.order_by("order"))
    states, reports = list(TrancheStatus), list(ReportStatus)
    Tranche.objects.bulk_create(
        Tranche(application=a, year=year, term=term, kind=term.kind, amount=Decimal("500.00"),
                expected_on=term.expected_date(year), status=states[(i + year + term.order) % len(states)],
                proposed_by=by, approved_by=by)
        for i, a in enumerate(applications) for year in call.years for term in terms)
    YearlyReport.objects.bulk_create(
        YearlyReport(application=a, year=year, status=reports[(i + year) % len(reports)])
        for i, a in enumerate(applications) for year in call.years)
    Recovery.objects.bulk_create(
        Recovery(application=a, year=2023, reason="voorwaarde", amount=Decimal("10.00"), motivation="x",
                 proposed_by=by) for a in applications[::10])
    return applications
