"""Money decided: what approved decisions commit per year of a call, and a proposal held
against the call's yearly envelope."""

from dataclasses import dataclass
from decimal import Decimal

from grants.models import Call
from workflow.models import DecisionProposal


def committed_per_year(call: Call) -> dict[int, Decimal]:
    """What approved decisions of the call already grant, per year."""
    totals = {year: Decimal("0") for year in call.years}
    approved = DecisionProposal.objects.filter(application__call=call, approved_at__isnull=False)
    for amounts in approved.values_list("amounts", flat=True):
        for year, amount in amounts.items():
            totals[int(year)] = totals.get(int(year), Decimal("0")) + Decimal(amount)
    return totals


@dataclass
class EnvelopeYear:
    year: int
    envelope: Decimal
    committed: Decimal
    proposed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.committed

    @property
    def exceeded_by(self) -> Decimal:
        return max(Decimal("0"), self.committed + self.proposed - self.envelope)


def envelope_check(call: Call, proposed: dict[int, Decimal]) -> list[EnvelopeYear]:
    """Per year: the call's envelope, what approved decisions already commit, and this proposal."""
    committed = committed_per_year(call)
    return [EnvelopeYear(year, call.annual_envelope, committed.get(year, Decimal("0")),
                         proposed.get(year, Decimal("0"))) for year in call.years]
