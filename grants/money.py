"""The plan's money, read one way for everyone: what an application requests per year,
the same as SQL for lists of hundreds, and the budget table of a plan.

The budget table is built from the live lines (the applicant's pages) or from a submitted
version's lines (the department's dossier) by the same function, so both show the same
totals per year and per source.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from grants.models import BudgetCategory, BudgetLine, BudgetSource

ZERO = Decimal("0")


def requested_per_year(application) -> dict[int, Decimal]:
    """The subsidy the application requests, per year of its call (0 for a year without lines)."""
    rows = (application.budget_lines.filter(source=BudgetSource.SUBSIDY)
            .values("year").annotate(total=Sum("amount")))
    return _per_call_year(application.call, rows)


def requested_in_call(call, statuses) -> dict[int, Decimal]:
    """The subsidy requested per year by the call's applications in these statuses."""
    rows = (BudgetLine.objects.filter(application__call=call, application__status__in=statuses,
                                      source=BudgetSource.SUBSIDY)
            .values("year").annotate(total=Sum("amount")))
    return _per_call_year(call, rows)


def _per_call_year(call, rows) -> dict[int, Decimal]:
    per_year = dict.fromkeys(call.years, ZERO)
    per_year.update({row["year"]: row["total"] for row in rows})
    return per_year


def requested_expression():
    """requested_per_year's total over all years, as SQL: one annotation for a list."""
    lines = (BudgetLine.objects.filter(application=OuterRef("pk"), source=BudgetSource.SUBSIDY)
             .values("application").annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(lines), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))


@dataclass(frozen=True)
class VersionLine:
    """A budget line as a submitted version froze it (a dict in the snapshot)."""

    year: int
    category: str
    source: str
    amount: Decimal
    description: str = ""

    def get_category_display(self) -> str:
        return str(dict(BudgetCategory.choices).get(self.category, self.category))

    def get_source_display(self) -> str:
        return str(dict(BudgetSource.choices).get(self.source, self.source))


def version_lines(snapshot: dict) -> list[VersionLine]:
    return [VersionLine(year=line["year"], category=line["category"], source=line["source"],
                        amount=Decimal(line["amount"]), description=line.get("description", ""))
            for line in snapshot.get("budget", [])]


def budget_table(lines, years) -> dict:
    """Lines per year with a total per year and per source, and the overall totals.

    ``lines`` are BudgetLine rows or VersionLines: anything with year, source and amount."""
    def empty_year():
        return {"lines": [], "total": ZERO, "by_source": dict.fromkeys(BudgetSource.values, ZERO)}

    per_year = {year: empty_year() for year in years}
    for line in lines:
        year = per_year.setdefault(line.year, empty_year())
        year["lines"].append(line)
        year["total"] += line.amount
        year["by_source"][line.source] += line.amount
    by_source = {s: sum(y["by_source"][s] for y in per_year.values()) for s in BudgetSource.values}
    return {
        "years": [{"year": y, **data, "sources": [(BudgetSource(s).label, v) for s, v in
                                                  data["by_source"].items()]}
                  for y, data in sorted(per_year.items())],
        "total": sum(by_source.values()),
        "sources": [(BudgetSource(s).label, v) for s, v in by_source.items()],
    }


def tranche_amounts(amount: Decimal, percentages) -> list[Decimal]:
    """A granted year's amount over the payment schedule's tranches, to the cent (half up); the
    last tranche takes what rounding left, so they always add up to the year's amount exactly.
    The letter announces and the aftercare pays these same amounts."""
    percentages = list(percentages)
    parts = [(amount * Decimal(p) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
             for p in percentages[:-1]]
    return [*parts, amount - sum(parts, Decimal("0"))]
