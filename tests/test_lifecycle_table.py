"""Every step, fired by every kind of user, from every state: allowed exactly where the
table in workflow/machine.py says, and refused everywhere else without changing anything."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from grants.models import Application, ApplicationStatus
from tests import factories
from tests.lifecycle import DURING_CALL, ROLES, declare, make_cast, payload_for, place_in
from workflow import services
from workflow.exceptions import TransitionConflict
from workflow.machine import STEPS
from workflow.models import AuditEvent

pytestmark = pytest.mark.django_db

# Who may fire which step, written out by hand from the rules (not read from the code).
MAY_FIRE = {
    "submit": {"member"},
    "declare_admissible": {"reviewer", "reviewer_undeclared", "proposer"},
    "declare_inadmissible": {"reviewer", "reviewer_undeclared", "proposer"},
    "start_assessment": {"reviewer", "proposer"},
    "request_clarification": {"reviewer", "proposer"},
    "resubmit": {"member"},
    "propose_decision": {"reviewer", "proposer"},
    # The proposer may not judge their own proposal; a beslisser declares no conflict first.
    "return_to_review": {"decider"},
    "approve_decision": {"decider"},
    "withdraw": {"member"},
}
FROM_STATES = {
    "submit": {"concept"},
    "declare_admissible": {"ingediend"},
    "declare_inadmissible": {"ingediend"},
    "start_assessment": {"ontvankelijk"},
    "request_clarification": {"in_beoordeling"},
    "resubmit": {"aanvulling_gevraagd"},
    "propose_decision": {"in_beoordeling", "onontvankelijk"},
    "return_to_review": {"beslissing_voorgesteld"},
    "approve_decision": {"beslissing_voorgesteld"},
    "withdraw": {"concept", "ingediend", "ontvankelijk", "onontvankelijk", "in_beoordeling",
                 "aanvulling_gevraagd", "beslissing_voorgesteld"},
}


class Undo(Exception):
    """Raised to roll back one attempt, so the next starts from the same state."""


def attempt(user, application, step_name, status):
    """Fire inside a savepoint that is always rolled back; return the new status or the error."""
    try:
        with transaction.atomic():
            result = services.fire(user, application.pk, step_name, payload_for(step_name, status))
            raise Undo(result.status)
    except Undo as undo:
        return undo.args[0], None
    except (PermissionDenied, Http404, TransitionConflict, ValidationError) as error:
        return None, error


@pytest.mark.parametrize("status", [s.value for s in ApplicationStatus])
def test_every_step_by_every_role_from_this_state(status, call):
    application = factories.make_application(call=call)
    cast = make_cast(application.applicant)
    declare(cast, application)
    application = place_in(status, cast, application)
    audit_before = AuditEvent.objects.count()
    outcomes = {}
    with time_machine.travel(DURING_CALL, tick=False):
        for step in STEPS:
            for role in ROLES:
                new_status, error = attempt(cast[role], application, step.name, status)
                outcomes[step.name, role] = new_status
                if role == "outsider":
                    assert isinstance(error, Http404), "another organisation must not learn it exists"
    expected = {
        (step.name, role): status in FROM_STATES[step.name] and role in MAY_FIRE[step.name]
        for step in STEPS for role in ROLES
    }
    assert {key: value is not None for key, value in outcomes.items()} == expected
    for (step_name, _role), new_status in outcomes.items():
        if new_status is not None:
            assert new_status in next(s.targets for s in STEPS if s.name == step_name)
    assert Application.objects.get(pk=application.pk).status == status
    assert AuditEvent.objects.count() == audit_before


def test_the_table_and_this_test_name_the_same_steps():
    assert {step.name for step in STEPS} == set(MAY_FIRE) == set(FROM_STATES)
    for step in STEPS:
        assert set(step.sources) == FROM_STATES[step.name], step.name
