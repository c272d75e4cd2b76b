"""Money decided: what approved decisions commit per year of a call, a proposal held against
the call's yearly envelope (a limit: beyond it only with a recorded override), and the
sharing-out of the envelope among the applications still to be decided."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _

from grants.allocation import Candidate, fit, ranked, rule_amounts
from grants.formatting import format_eur
from grants.models import (
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    BudgetLine,
    BudgetSource,
    Call,
    current_amount_rule,
)
from workflow.models import DecisionProposal, Outcome

ZERO = Decimal("0")
# Applications that may still receive money: admissible and not yet decided.
TO_SHARE = (
    ApplicationStatus.ONTVANKELIJK,
    ApplicationStatus.IN_BEOORDELING,
    ApplicationStatus.AANVULLING_GEVRAAGD,
    ApplicationStatus.BESLISSING_VOORGESTELD,
)


def committed_per_year(call: Call) -> dict[int, Decimal]:
    """What approved decisions of the call already grant, per year."""
    totals = {year: ZERO for year in call.years}
    approved = DecisionProposal.objects.filter(application__call=call, approved_at__isnull=False)
    for amounts in approved.values_list("amounts", flat=True):
        for year, amount in amounts.items():
            totals[int(year)] = totals.get(int(year), ZERO) + Decimal(amount)
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
        return max(ZERO, self.committed + self.proposed - self.envelope)


def envelope_check(call: Call, proposed: dict[int, Decimal]) -> list[EnvelopeYear]:
    """Per year: the call's envelope, what approved decisions already commit, and this proposal."""
    committed = committed_per_year(call)
    return [
        EnvelopeYear(year, call.annual_envelope, committed.get(year, ZERO), proposed.get(year, ZERO))
        for year in call.years
    ]


def envelope_refusal(call: Call, proposed: dict[int, Decimal]) -> str:
    """Why approving these amounts would go beyond the envelope ('' when they fit)."""
    over = [year for year in envelope_check(call, proposed) if year.exceeded_by]
    if not over:
        return ""
    return _(
        "Deze goedkeuring overschrijdt het jaarbudget van de oproep: %(years)s. Dat kan alleen met "
        "een uitdrukkelijke overschrijding, gemotiveerd door de beslisser."
    ) % {
        "years": "; ".join(
            _("%(year)s met %(amount)s") % {"year": y.year, "amount": format_eur(y.exceeded_by)} for y in over
        )
    }


def amounts_of(proposal: DecisionProposal) -> dict[int, Decimal]:
    return {int(year): Decimal(amount) for year, amount in proposal.amounts.items()}


@dataclass
class ShareRow:
    application: Application
    rank: int
    requested: dict[int, Decimal]
    by_rule: dict[int, Decimal]
    proposed: dict[int, Decimal]

    @property
    def per_year(self) -> list[tuple[int, Decimal, Decimal, Decimal]]:
        """(year, requested, by the rule, proposed), for a table."""
        return [
            (year, self.requested[year], self.by_rule[year], self.proposed[year]) for year in self.proposed
        ]


@dataclass
class Distribution:
    call: Call
    rule: object
    rows: list[ShareRow]
    available: dict[int, Decimal]
    wanted: dict[int, Decimal]

    @property
    def oversubscribed_years(self) -> list[int]:
        return [year for year in self.call.years if self.wanted[year] > self.available[year]]

    def proposed_total(self, year: int) -> Decimal:
        return sum((row.proposed[year] for row in self.rows), ZERO)

    def row_for(self, application_id) -> ShareRow | None:
        return next((row for row in self.rows if row.application.pk == application_id), None)


def distribution(call: Call) -> Distribution:
    """The applications still to be decided, ranked by the call's keys, each with what the amount
    rule gives it and what fits what is left of the envelope. A handful of queries, whatever
    the number of applications."""
    active = ApplicationMunicipality.objects.filter(active=True).select_related("municipality")
    refused = DecisionProposal.objects.filter(
        application__call=call, approved_at__isnull=True, returned=False, outcome=Outcome.WEIGERING
    ).values("application_id")
    applications = list(
        Application.objects.filter(call=call, status__in=TO_SHARE)
        .exclude(pk__in=refused)
        .select_related("applicant")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="members"))
    )
    requested = _requested(call, applications)
    candidates = {a.pk: _candidate(a, requested[a.pk]) for a in applications}
    rule = current_amount_rule(call)
    by_rule = {pk: rule_amounts(rule, c) for pk, c in candidates.items()}
    committed = committed_per_year(call)
    available = {year: call.annual_envelope - committed[year] for year in call.years}
    order = ranked(list(candidates.values()), call.ranking_keys or [])
    shares = fit(order, by_rule, available)
    by_pk = {a.pk: a for a in applications}
    rows = [
        ShareRow(
            by_pk[c.application_id], rank, c.requested, by_rule[c.application_id], shares[c.application_id]
        )
        for rank, c in enumerate(order, start=1)
    ]
    wanted = {year: sum((amounts[year] for amounts in by_rule.values()), ZERO) for year in call.years}
    return Distribution(call, rule, rows, available, wanted)


def _requested(call, applications) -> dict[int, dict[int, Decimal]]:
    per_application = defaultdict(lambda: dict.fromkeys(call.years, ZERO))
    rows = (
        BudgetLine.objects.filter(application__in=applications, source=BudgetSource.SUBSIDY)
        .values("application_id", "year")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        if row["year"] in call.years:
            per_application[row["application_id"]][row["year"]] = row["total"]
    return {a.pk: dict(per_application[a.pk]) for a in applications}


def _candidate(application, requested) -> Candidate:
    municipalities = [m.municipality for m in application.members]
    return Candidate(
        application_id=application.pk,
        dossier_number=application.dossier_number or "",
        has_centrumstad=application.applicant.kind == "centrumstad"
        or any(m.is_centrumstad for m in municipalities),
        population=sum(m.population for m in municipalities),
        requested=requested,
    )


def proposed_by_rule(application) -> tuple[dict[int, Decimal], object]:
    """What the proposal form offers by default: the application's share in the distribution
    (the rule's amount, scaled down when the call is oversubscribed), and the rule used."""
    shares = distribution(application.call)
    row = shares.row_for(application.pk)
    return (row.proposed if row else None), shares.rule
