"""Sharing out a call's yearly envelope: what the amount rule gives each applicant, the
ranking by the call's keys, and the amounts that fit the envelope when it is oversubscribed.

Pure functions over plain values, so the department's page, the proposal form and the tests
read one calculation. Which applications take part is the workflow's question
(workflow.decisions.distribution)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


@dataclass(frozen=True)
class Candidate:
    """One application as the sharing-out sees it."""

    application_id: int
    dossier_number: str
    has_centrumstad: bool
    population: int
    requested: dict[int, Decimal]


# The keys a call may rank by, each with what the page says of it: a lower value ranks first.
# The old regime ranked centrumsteden first, then by the highest unemployment rate (domain.md
# 1.5); that rate is not in the reference data yet, so a call ranks by a figure it has.
RANKING_KEYS: dict[str, tuple[str, Callable[[Candidate], object]]] = {
    "centrumstad_eerst": (
        _("eerst de regiegebieden met een centrumstad"),
        lambda c: 0 if c.has_centrumstad else 1,
    ),
    "inwoners": (_("dan het grootste aantal inwoners van het regiegebied"), lambda c: -c.population),
}


def rule_amounts(rule, candidate: Candidate) -> dict[int, Decimal]:
    """What the call's amount rule gives per year, never more than requested; without a rule,
    the request."""
    if rule is None:
        return dict(candidate.requested)
    amount = rule.amount_for(candidate.population)
    return {year: min(amount, requested) for year, requested in candidate.requested.items()}


def ranked(candidates: list[Candidate], keys: list[str]) -> list[Candidate]:
    """In the order of the call's keys; the dossier number settles a tie, so the order is stable."""
    return sorted(candidates, key=lambda c: (*(RANKING_KEYS[key][1](c) for key in keys), c.dossier_number))


def fit(
    order: list[Candidate], wanted: dict[int, dict[int, Decimal]], available: dict[int, Decimal]
) -> dict[int, dict[int, Decimal]]:
    """Per application and year: its wanted amount while the year's envelope lasts, in rank
    order; the first that no longer fits gets what remains, the ones after it nothing. An
    oversubscribed year is thus spent exactly, to the cent."""
    shares = {c.application_id: {} for c in order}
    for year, left in available.items():
        left = max(left, ZERO)
        for candidate in order:
            share = min(wanted[candidate.application_id].get(year, ZERO), left)
            shares[candidate.application_id][year] = share
            left -= share
    return shares
