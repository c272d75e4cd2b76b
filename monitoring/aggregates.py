"""The committee's aggregates of one call: what the submitted plans set out to do, per policy
priority, per target group and per province — in a fixed number of queries.

"Planned" is read from the plans of the applications in SUBMITTED_STATUSES (submitted, under
review or decided, not withdrawn). "Realised against target" needs the yearly reports of
``aftercare/`` (to come): ``realised_values`` is the one place that will read them, and the
tables below already carry a ``realised`` column for it (empty until then).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from grants.models import (
    SUBMITTED_STATUSES,
    Action,
    Application,
    BudgetLine,
    BudgetSource,
    Call,
    Indicator,
    Province,
    TargetGroup,
)


@dataclass
class Target:
    """An indicator's unit, with the targets set per year and, once reported, what was realised."""

    unit: str
    planned: dict[int, Decimal] = field(default_factory=dict)
    realised: dict[int, Decimal] = field(default_factory=dict)

    @property
    def per_year(self) -> list[tuple[int, Decimal, Decimal | None]]:
        """(year, planned, realised or None while not reported)."""
        return [(year, value, self.realised.get(year)) for year, value in self.planned.items()]


@dataclass
class Row:
    name: str
    applications: int = 0
    actions: int = 0
    targets: list[Target] = field(default_factory=list)
    requested: Decimal = Decimal("0")


@dataclass
class Aggregates:
    call: Call
    priorities: list[Row]
    target_groups: list[Row]
    provinces: list[Row]


def planned_applications(call: Call):
    return Application.objects.filter(call=call, status__in=SUBMITTED_STATUSES)


def realised_values(call: Call) -> dict[tuple[str, str], dict[int, Decimal]]:
    """(priority code, unit) → year → the value realised, from the yearly reports.

    The extension point for issue 17's ``aftercare/`` reports: until they exist nothing has
    been realised. When they do, this reads the reported indicator values of the call's granted
    applications in one grouped query, keyed like the planned targets below."""
    return {}


def call_aggregates(call: Call) -> Aggregates:
    actions = Action.objects.filter(application__in=planned_applications(call))
    by_priority = {row["priority"]: row for row in actions.values("priority").annotate(
        apps=Count("application", distinct=True), n=Count("pk")).order_by()}
    by_group = {row["target_groups"]: row for row in actions.filter(target_groups__isnull=False)
                .values("target_groups").annotate(apps=Count("application", distinct=True),
                                                  n=Count("pk", distinct=True)).order_by()}
    targets = _targets(call)
    realised = realised_values(call)
    priorities = []
    for priority in call.priorities.order_by("order", "code"):
        row = by_priority.get(priority.pk, {})
        units = targets.get(priority.code, {})
        priorities.append(Row(str(priority), row.get("apps", 0), row.get("n", 0), [
            Target(unit, planned, realised.get((priority.code, unit), {}))
            for unit, planned in units.items()]))
    groups = []
    for group in TargetGroup.objects.order_by("order", "name"):
        row = by_group.get(group.pk, {})
        groups.append(Row(group.name, row.get("apps", 0), row.get("n", 0)))
    return Aggregates(call, priorities, groups, _provinces(call))


def _targets(call: Call) -> dict[str, dict[str, dict[int, Decimal]]]:
    """Priority code → unit → year → the sum of the indicators' targets (one query)."""
    summed: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    rows = (Indicator.objects.filter(action__application__in=planned_applications(call))
            .values_list("action__priority__code", "unit", "targets"))
    for code, unit, per_year in rows:
        years = summed[code][unit.strip().lower()]
        for year in call.years:
            value = _number((per_year or {}).get(str(year)))
            years[year] = years.get(year, Decimal("0")) + value
    return {code: dict(units) for code, units in summed.items()}


def _number(value) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal("0")
    except ArithmeticError:
        return Decimal("0")


def _provinces(call: Call) -> list[Row]:
    """Per province of the lead municipality: applications, actions, subsidy requested."""
    province = "applicant__lead_municipality__province"
    counts = {row[province]: row for row in planned_applications(call).values(province).annotate(
        apps=Count("pk", distinct=True), n=Count("actions", distinct=True)).order_by()}
    lines = BudgetLine.objects.filter(application__in=planned_applications(call), source=BudgetSource.SUBSIDY)
    money = dict(lines.values_list(f"application__{province}").annotate(total=Sum("amount")).order_by())
    return [Row(p.name, counts.get(p.pk, {}).get("apps", 0), counts.get(p.pk, {}).get("n", 0),
                requested=money.get(p.pk, Decimal("0")))
            for p in Province.objects.order_by("name")]
