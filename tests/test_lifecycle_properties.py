"""Random sequences of steps by random users, at random moments around the deadline, never
reach a state or an audit trail that the rules forbid (Hypothesis stateful testing)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from grants.models import Application, ApplicationStatus
from tests import factories
from tests.lifecycle import DURING_CALL, ROLES, declare, make_cast, payload_for
from workflow import services
from workflow.exceptions import TransitionConflict
from workflow.machine import STEPS, STEPS_BY_NAME
from workflow.models import ApplicationVersion, AuditEvent, DecisionProposal

FINAL = {
    ApplicationStatus.TOEGEKEND,
    ApplicationStatus.GEDEELTELIJK_TOEGEKEND,
    ApplicationStatus.GEWEIGERD,
    ApplicationStatus.INGETROKKEN,
}


class Rollback(Exception):
    pass


class Lifecycle(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # each example runs in its own transaction, rolled back at the end
        self.clock = time_machine.travel(DURING_CALL - timedelta(days=3), tick=False)
        self.traveller = self.clock.start()
        self.application = factories.make_application(call=factories.the_call())
        self.cast = make_cast(self.application.applicant)
        declare(self.cast, self.application)
        self.fired = []

    def teardown(self):
        self.clock.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(hours=st.integers(min_value=1, max_value=24 * 5))
    def time_passes(self, hours):
        self.traveller.shift(timedelta(hours=hours))

    @rule(
        step=st.sampled_from([s.name for s in STEPS]),
        role=st.sampled_from(ROLES),
        outcome=st.sampled_from(["toekenning", "gedeeltelijke_toekenning", "weigering"]),
    )
    def fire(self, step, role, outcome):
        status = Application.objects.get(pk=self.application.pk).status
        data = payload_for(step, status)
        if step == "propose_decision" and status != ApplicationStatus.ONONTVANKELIJK:
            data = {
                **data,
                "outcome": outcome,
                **({"amount_2023": "10000"} if outcome == "gedeeltelijke_toekenning" else {}),
                **(
                    {"amount_2023": "0", "amount_2024": "0", "amount_2025": "0"}
                    if outcome == "weigering"
                    else {}
                ),
            }
        try:
            services.fire(self.cast[role], self.application.pk, step, data)
        except (PermissionDenied, Http404, TransitionConflict, ValidationError):
            return
        self.fired.append((step, role))

    @rule(data=st.data())
    def someone_entitled_takes_a_step(self, data):
        """Mostly sensible moves, so that the random walks reach the decision too."""
        application = Application.objects.get(pk=self.application.pk)
        steps = [s for s in STEPS if application.status in s.sources and s.name != "withdraw"]
        if steps:
            step = data.draw(st.sampled_from(steps))
            role = {
                "submit": "member",
                "resubmit": "member",
                "approve_decision": "decider",
                "return_to_review": "decider",
            }.get(step.name, "reviewer")
            self.fire(
                step=step.name,
                role=role,
                outcome=data.draw(st.sampled_from(["toekenning", "gedeeltelijke_toekenning", "weigering"])),
            )

    @invariant()
    def the_audit_trail_is_a_path_through_the_table(self):
        events = list(
            AuditEvent.objects.filter(application=self.application, kind="transition").order_by("pk")
        )
        assert len(events) == len(self.fired)
        previous = ApplicationStatus.CONCEPT
        for event in events:
            step = STEPS_BY_NAME[event.transition]
            assert event.from_status == previous and event.from_status in step.sources
            assert event.to_status in step.targets
            previous = event.to_status
        assert Application.objects.get(pk=self.application.pk).status == previous

    @invariant()
    def nothing_moves_after_a_final_state(self):
        statuses = list(
            AuditEvent.objects.filter(application=self.application, kind="transition")
            .order_by("pk")
            .values_list("from_status", flat=True)
        )
        assert not any(s in FINAL for s in statuses)

    @invariant()
    def submissions_are_on_time_and_by_the_applicant(self):
        call = self.application.call
        for event in AuditEvent.objects.filter(application=self.application, transition="submit"):
            assert event.at.replace(microsecond=0) <= call.deadline
            assert event.actor == self.cast.member

    @invariant()
    def every_decision_had_four_eyes(self):
        for proposal in DecisionProposal.objects.filter(
            application=self.application, approved_at__isnull=False
        ):
            assert proposal.approved_by_id != proposal.proposed_by_id
            assert proposal.approved_by == self.cast.decider

    @invariant()
    def each_submission_has_its_own_version(self):
        submissions = AuditEvent.objects.filter(
            application=self.application, transition__in=["submit", "resubmit"]
        ).count()
        assert ApplicationVersion.objects.filter(application=self.application).count() == submissions


@pytest.mark.slow
@pytest.mark.django_db
def test_random_sequences_never_break_the_rules():
    Lifecycle.TestCase.settings = settings(
        max_examples=60,
        stateful_step_count=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    Lifecycle.TestCase().runTest()
