"""Races on PostgreSQL around the envelope: two beslissers approving two dossiers at the same
moment count the envelope one after the other, and a collective act beside a single approval
waits instead of deadlocking."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from grants.models import ApplicationStatus
from tests.test_collective_decision import ACT, regions
from workflow import services
from workflow.acts import approve_collectively
from workflow.exceptions import TransitionConflict
from workflow.models import DecisionProposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(*jobs) -> list:
    """Run the jobs at the same moment, each in its own connection; what each returned or raised."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            results[index] = job()
        except (ValidationError, TransitionConflict) as refusal:
            results[index] = refusal
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_approvals_at_once_cannot_both_spend_the_last_of_the_envelope(call):
    call.annual_envelope = Decimal("160000.00")  # room for three of the four at 50.000 a year
    call.save()
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    services.fire(cast.decider, applications["Regio Kortrijk"].pk, "approve_decision")
    services.fire(cast.decider, applications["Regio Leie"].pk, "approve_decision")
    third, fourth = applications["Regio Meetjesland"], applications["Regio Tielt"]

    results = together(lambda: services.fire(cast.decider, third.pk, "approve_decision"),
                       lambda: services.fire(cast.decider, fourth.pk, "approve_decision"))

    refused = [r for r in results if isinstance(r, ValidationError | TransitionConflict)]
    assert len(refused) == 1 and "overschrijdt het jaarbudget" in str(refused[0])
    assert DecisionProposal.objects.filter(approved_at__isnull=False).count() == 3


def test_a_collective_act_beside_a_single_approval_waits_and_does_not_deadlock(call):
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    single = applications["Regio Tielt"]

    results = together(lambda: approve_collectively(cast.decider, call, ACT),
                       lambda: services.fire(cast.decider, single.pk, "approve_decision"))

    # The act waits for the single approval's dossier (and then leaves it out), or the single
    # approval finds its dossier decided by the act; never a deadlock (a thread's unexpected
    # error leaves None), never a dossier decided twice.
    act, alone = results
    assert act is not None and alone is not None
    assert DecisionProposal.objects.filter(approved_at__isnull=False).count() == 4
    in_the_act = 4 if isinstance(alone, TransitionConflict) else 3
    assert DecisionProposal.objects.filter(act=act).count() == in_the_act
