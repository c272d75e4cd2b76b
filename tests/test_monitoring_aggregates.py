"""The committee's aggregates (per priority, target group and province) equal a plain recount
over random data, and the dashboard reads them in the same number of queries for 10 and for
1,000 applications."""

import io
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import (
    SUBMITTED_STATUSES,
    Action,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Indicator,
    Municipality,
    TargetGroup,
)
from grants.roles import Role
from monitoring.aggregates import call_aggregates
from tests import factories

pytestmark = pytest.mark.django_db
UNITS = ["personen", "Personen ", "trajecten", "werkgevers"]


def random_plans(call, seed: int) -> None:
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.all())
    priorities, groups = list(call.priorities.all()), list(TargetGroup.objects.all())
    for index in range(rng.randint(15, 30)):
        applicant = Applicant.objects.create(name=f"Willekeurig {index}", kind=ApplicantKind.CENTRUMSTAD,
                                             lead_municipality=rng.choice(municipalities))
        application = Application.objects.create(call=call, applicant=applicant,
                                                 status=rng.choice(list(ApplicationStatus.values)))
        for _ in range(rng.randint(0, 5)):
            action = Action.objects.create(application=application, priority=rng.choice(priorities),
                                           title="Actie")
            action.target_groups.set(rng.sample(groups, rng.randint(0, len(groups))))
            for _ in range(rng.randint(0, 2)):
                Indicator.objects.create(action=action, name="Indicator", unit=rng.choice(UNITS), targets={
                    str(year): rng.randint(0, 50) for year in call.years if rng.random() < 0.8})
        for year in call.years:
            BudgetLine.objects.create(application=application, year=year, category=BudgetCategory.PERSONNEL,
                                      source=rng.choice(list(BudgetSource.values)),
                                      amount=Decimal(rng.randint(0, 9_000)) + Decimal("0.25"))


def plain_recount(call):
    priorities = defaultdict(lambda: {"apps": set(), "actions": 0, "targets": defaultdict(Decimal)})
    groups = defaultdict(lambda: {"apps": set(), "actions": 0})
    provinces = defaultdict(lambda: {"apps": set(), "actions": 0, "requested": Decimal("0")})
    for application in Application.objects.filter(call=call):
        if application.status not in SUBMITTED_STATUSES:
            continue
        province = provinces[application.applicant.lead_municipality.province.name]
        province["apps"].add(application.pk)
        for line in application.budget_lines.all():
            if line.source == BudgetSource.SUBSIDY:
                province["requested"] += line.amount
        for action in application.actions.all():
            province["actions"] += 1
            row = priorities[str(action.priority)]
            row["apps"].add(application.pk)
            row["actions"] += 1
            for indicator in action.indicators.all():
                for year, value in indicator.targets.items():
                    row["targets"][(indicator.unit.strip().lower(), int(year))] += Decimal(value)
            for group in action.target_groups.all():
                groups[group.name]["apps"].add(application.pk)
                groups[group.name]["actions"] += 1
    return priorities, groups, provinces


@pytest.mark.parametrize("seed", [5, 18, 2025])
def test_the_aggregates_equal_a_plain_recount(call, seed):
    random_plans(call, seed)
    aggregates = call_aggregates(call)
    priorities, groups, provinces = plain_recount(call)
    for row in aggregates.priorities:
        expected = priorities.get(row.name, {"apps": set(), "actions": 0, "targets": {}})
        assert (row.applications, row.actions) == (len(expected["apps"]), expected["actions"])
        got = {(t.unit, year): value for t in row.targets for year, value in t.planned.items() if value}
        assert got == {key: value for key, value in expected["targets"].items() if value}
    for row in aggregates.target_groups:
        expected = groups.get(row.name, {"apps": set(), "actions": 0})
        assert (row.applications, row.actions) == (len(expected["apps"]), expected["actions"])
    for row in aggregates.provinces:
        expected = provinces.get(row.name, {"apps": set(), "actions": 0, "requested": Decimal("0")})
        assert (row.applications, row.actions, row.requested) == (
            len(expected["apps"]), expected["actions"], expected["requested"])
    assert sum(row.applications for row in aggregates.provinces) == Application.objects.filter(
        call=call, status__in=SUBMITTED_STATUSES).count()


def bulk_plans(call, count: int) -> None:
    """``count`` submitted applications, each with an action per priority naming two target
    groups and carrying an indicator."""
    applications = factories.bulk_applications(call, count)
    priorities, groups = list(call.priorities.all()), list(TargetGroup.objects.all()[:2])
    actions = Action.objects.bulk_create(Action(application=a, priority=p, title="Actie")
                                         for a in applications for p in priorities)
    Action.target_groups.through.objects.bulk_create(
        Action.target_groups.through(action=action, targetgroup=group)
        for action in actions for group in groups)
    Indicator.objects.bulk_create(Indicator(action=action, name="Deelnemers", unit="personen",
                                            targets={str(y): 5 for y in call.years}) for action in actions)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_reads_10_and_1000_applications_in_as_many_queries(client, call):
    client.force_login(factories.make_user(Role.MONITORINGSCOMITE))
    url = reverse("monitoring-dashboard", args=[call.code])
    bulk_plans(call, 10)
    with_ten = queries(client, url)
    bulk_plans(call, 990)
    assert queries(client, url) == with_ten
    aggregates = call_aggregates(call)
    assert sum(row.applications for row in aggregates.provinces) == 1000
    assert aggregates.priorities[0].targets[0].planned == {year: Decimal("5000") for year in call.years}
    sheet = load_workbook(io.BytesIO(client.get(reverse("monitoring-aggregates-export", args=[call.code]))
                                     .content))["Prioriteiten"]
    first = [cell.value for cell in sheet[2]]
    assert first[:7] == [str(aggregates.priorities[0].name), 1000, 1000, "personen", 5000, 5000, 5000]
