"""Twenty beslissers approve the same proposal at the same moment on PostgreSQL: one wins,
the others hear that someone was first, and the database holds one decision."""

import threading

import pytest
from django.db import connections

from grants.models import Application, ApplicationStatus
from grants.roles import Role
from tests import factories
from tests.lifecycle import make_cast, place_in
from workflow import services
from workflow.exceptions import TransitionConflict
from workflow.models import AuditEvent, DecisionProposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_decisions_leave_exactly_one(call):
    application = factories.make_application(call=call)
    cast = make_cast(application.applicant)
    place_in(ApplicationStatus.BESLISSING_VOORGESTELD, cast, application)
    deciders = [factories.make_user(Role.BESLISSER) for _ in range(20)]
    start = threading.Barrier(len(deciders))
    outcomes = []

    def decide(user):
        try:
            start.wait()
            services.fire(user, application.pk, "approve_decision")
            outcomes.append("approved")
        except TransitionConflict as conflict:
            outcomes.append(conflict.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("approved") == 1
    refusals = [o for o in outcomes if o != "approved"]
    assert len(refusals) == 19 and all("intussen" in message for message in refusals)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.TOEGEKEND
    assert AuditEvent.objects.filter(transition="approve_decision").count() == 1
    assert DecisionProposal.objects.filter(approved_at__isnull=False).count() == 1
