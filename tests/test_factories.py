"""The test factories themselves: what they build must pass the rules the users face. Generic;
CI runs it on PostgreSQL, whose sums of amounts carry the two decimals that halving made three."""

from decimal import Decimal

import pytest

from tests import factories
from workflow.forms import requested_per_year

pytestmark = pytest.mark.django_db


def test_a_partial_decision_with_the_default_amounts_grants_half_the_request_in_cents(call):
    """decide() proposes through the workflow, so DecisionProposalForm accepted these amounts."""
    application = factories.make_application(call)
    requested = requested_per_year(application)
    proposal = factories.decide(application, "gedeeltelijke_toekenning").decision_proposals.get()
    assert proposal.amounts == {str(year): f"{amount / 2:.2f}" for year, amount in requested.items()}
    assert all(Decimal(amount).as_tuple().exponent == -2 for amount in proposal.amounts.values())

