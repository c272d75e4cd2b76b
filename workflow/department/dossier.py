"""What the dossier page reads: the submitted snapshot laid out for a reviewer, the versions
with what changed, and the department's own records."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from grants.models import BudgetCategory, BudgetSource, PolicyPriority
from workflow.models import ApplicationVersion
from workflow.snapshots import diff_snapshots


@dataclass
class VersionChanges:
    version: ApplicationVersion
    changes: list[tuple[str, object, object]]


def versions_with_changes(application) -> list[VersionChanges]:
    """Each submitted version, newest first, with what changed since the one before."""
    versions = list(application.versions.select_related("created_by").order_by("number"))
    result, previous = [], None
    for version in versions:
        changes = diff_snapshots(previous.data, version.data) if previous else []
        result.append(VersionChanges(version, changes))
        previous = version
    return result[::-1]


def plan_by_priority(snapshot: dict, years: list[int]) -> list[dict]:
    """The snapshot's actions per priority, and per year which actions run."""
    titles = dict(PolicyPriority.objects.values_list("code", "title"))
    grouped = defaultdict(list)
    for action in snapshot.get("actions", []):
        grouped[action["priority"]].append(action)
    return [
        {"code": code, "title": titles.get(code, ""), "actions": actions,
         "per_year": [(year, [a["title"] for a in actions if year in a["years"]]) for year in years]}
        for code, actions in grouped.items()
    ]


def budget_table(snapshot: dict, years: list[int]) -> dict:
    """Budget lines per year with the labels of their category and source, and totals."""
    categories, sources = dict(BudgetCategory.choices), dict(BudgetSource.choices)
    lines = [{**line, "amount": Decimal(line["amount"]),
              "category_label": categories.get(line["category"], line["category"]),
              "source_label": sources.get(line["source"], line["source"])}
             for line in snapshot.get("budget", [])]
    subsidy = {year: sum((line["amount"] for line in lines
                          if line["year"] == year and line["source"] == BudgetSource.SUBSIDY), Decimal("0"))
               for year in years}
    total = {year: sum((line["amount"] for line in lines if line["year"] == year), Decimal("0"))
             for year in years}
    return {"lines": lines, "totals": [(year, subsidy[year], total[year]) for year in years]}
