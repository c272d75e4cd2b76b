"""The dashboard's figures equal a plain recount over random data, and read as the
department reports them."""

import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.agreements import regiegebied_of
from grants.models import (
    AgreementChange,
    AgreementStatus,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Municipality,
    Regiegebied,
)
from grants.roles import Role
from monitoring.dashboard import call_dashboard
from tests import factories
from workflow.models import DecisionProposal

pytestmark = pytest.mark.django_db

GRANTED = {"toegekend", "gedeeltelijk_toegekend"}
NOT_SUBMITTED = {"concept", "ingetrokken"}


def random_call_data(call, seed: int) -> None:
    """Applications in random states over disjoint random groups of municipalities, random
    budgets, approved decisions for the granted ones and random VDAB agreements."""
    rng = random.Random(seed)
    author = factories.make_user(Role.DOSSIERBEHANDELAAR)
    pool = list(Municipality.objects.order_by("nis_code"))
    rng.shuffle(pool)
    statuses = list(AgreementStatus.values)
    AgreementChange.objects.bulk_create(
        AgreementChange(municipality=municipality, status=rng.choice(statuses),
                        since=date(rng.randint(2010, 2022), 1, 1))
        for municipality in rng.sample(pool, 90))
    for index in range(rng.randint(25, 40)):
        status = rng.choice(list(ApplicationStatus.values))
        members = [pool.pop() for _ in range(rng.randint(1, 6))]
        applicant = Applicant.objects.create(name=f"Willekeurig {index}", kind=ApplicantKind.CENTRUMSTAD,
                                             lead_municipality=members[0])
        application = Application.objects.create(call=call, applicant=applicant, status=status,
                                                 dossier_number=f"RND-{index:03d}")
        active = status != ApplicationStatus.INGETROKKEN
        ApplicationMunicipality.objects.bulk_create(
            ApplicationMunicipality(application=application, municipality=m, call=call, active=active)
            for m in members)
        if not active:
            pool[:0] = members  # a withdrawn application frees its municipalities for another
        for year in call.years:
            for source in rng.sample(list(BudgetSource.values), rng.randint(0, 3)):
                BudgetLine.objects.create(application=application, year=year, source=source,
                                          category=BudgetCategory.OPERATING,
                                          amount=Decimal(rng.randint(0, 90_000)) + Decimal("0.50"))
        if status not in NOT_SUBMITTED and rng.random() < 0.7:
            regiegebied_of(application)
        if status in GRANTED:
            DecisionProposal.objects.create(
                application=application, outcome="toekenning", motivation="Goed.", proposed_by=author,
                amounts={str(y): str(rng.randint(1, 60_000)) for y in call.years},
                approved_by=author, approved_at=timezone.now())


def plain_recount(call):
    """The same figures with nothing but loops over the rows."""
    states = Counter(a.status for a in Application.objects.filter(call=call))
    by_province = defaultdict(lambda: Counter())
    for m in Municipality.objects.valid_on(call.period_start).select_related("province"):
        statuses = {ms.application.status for ms in ApplicationMunicipality.objects.filter(
            municipality=m, call=call, active=True).select_related("application")}
        row = by_province[m.province.name]
        row["total"] += 1
        row["population"] += m.population
        last = m.agreement_changes.order_by("since", "pk").last()
        row["vdab"] += last is not None and last.status == "afgesloten"
        row["uncovered"] += not statuses
        if statuses - NOT_SUBMITTED:
            row["submitted"] += 1
            row["population_submitted"] += m.population
        if statuses & GRANTED:
            row["granted"] += 1
            row["population_granted"] += m.population
    for regiegebied in Regiegebied.objects.filter(call=call):
        by_province[regiegebied.application.applicant.lead_municipality.province.name]["regiegebieden"] += 1
    requested, granted = Counter(), Counter()
    for line in BudgetLine.objects.filter(application__call=call, source="subsidie"):
        if line.application.status not in NOT_SUBMITTED:
            requested[line.year] += line.amount
    for proposal in DecisionProposal.objects.filter(application__call=call, approved_at__isnull=False):
        for year, amount in proposal.amounts.items():
            granted[int(year)] += Decimal(amount)
    return states, by_province, requested, granted


@pytest.mark.parametrize("seed", [3, 17, 2023])
def test_the_dashboard_equals_a_plain_recount(call, seed):
    random_call_data(call, seed)
    board = call_dashboard(call)
    states, by_province, requested, granted = plain_recount(call)
    assert {status: n for status, _label, n in board.states if n} == dict(states)
    fields = ("total", "submitted", "granted", "vdab", "regiegebieden", "population", "population_submitted",
              "population_granted")
    for coverage in board.provinces:
        assert {f: getattr(coverage, f) for f in fields} == {f: by_province[coverage.name][f] for f in fields}
    assert board.flanders.total == 300
    assert board.flanders.submitted == sum(row["submitted"] for row in by_province.values())
    assert board.flanders.regiegebieden == Regiegebied.objects.filter(call=call).count() > 0
    assert len(board.uncovered) == sum(row["uncovered"] for row in by_province.values())
    assert {m.year: m.requested for m in board.money} == {y: requested[y] for y in call.years}
    assert {m.year: m.granted for m in board.money} == {y: granted[y] for y in call.years}


def test_the_coverage_reads_as_the_department_reports_it(client, call):
    west = Municipality.objects.filter(province__name="West-Vlaanderen").order_by("nis_code")
    assert west.count() == 64
    names = list(west.values_list("name", flat=True)[:46])
    applications = [factories.make_application(call=call, members=names[i:i + 10], complete=False)
                    for i in range(0, 46, 10)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(status="ingediend")
    client.force_login(factories.make_user(Role.BESLISSER))
    page = client.get(reverse("department-dashboard", args=[call.code])).content.decode()
    assert "West-Vlaanderen 46/64 — 72%" in page
    assert "Vlaanderen 46/300 — 15%" in page
    assert "West-Vlaanderen 0/64 — 0%" in page  # granted
    assert "254 gemeenten zonder aanvraag" in page
