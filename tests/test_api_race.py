"""Two deciders approve the same proposal through the API at the same moment: one wins, the
other gets a 409 with a Dutch sentence, and the audit trail records one decision."""

import threading

import pytest
from django.db import connection

from grants.models import ApplicationStatus
from grants.roles import Role
from tests import factories
from tests.api_world import API, build_world, client_for
from tests.lifecycle import place_in
from workflow.models import AuditEvent, ConflictDeclaration


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_deciders_one_wins_the_other_gets_409(call):
    world = build_world()
    place_in(ApplicationStatus.BESLISSING_VOORGESTELD, world.cast, world.ours)
    deciders = [world.cast.decider, factories.make_user(Role.BESLISSER, username="tweede_beslisser")]
    ConflictDeclaration.objects.create(application=world.ours, reviewer=deciders[1], has_conflict=False)
    clients = [client_for(user, token=True) for user in deciders]
    barrier = threading.Barrier(len(clients))
    answers = []

    def approve(client):
        try:
            barrier.wait()
            response = client.post(f"{API}/applications/{world.ours.pk}/transitions/approve_decision/", {},
                                   format="json")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _body in answers) == [200, 409]
    conflict = next(body for status, body in answers if status == 409)["error"]
    assert conflict["code"] == "conflict" and "toegekend" in conflict["message"]
    assert AuditEvent.objects.filter(application=world.ours, transition="approve_decision").count() == 1
