"""The application as the state machine sees it: a proxy of grants.Application whose
django-fsm transitions are made, one line each, from the rows of ``workflow.machine``."""

from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from grants.models import Application
from workflow.actors import current_proposal
from workflow.machine import STEPS_BY_NAME, Step
from workflow.models.decisions import OUTCOME_STATUS


def fsm_transition(step: Step):
    """The django-fsm transition for one row of the table."""
    decided_by_input = len(step.targets) > 1

    def method(self, **payload):
        if decided_by_input:  # approve_decision: the proposal's outcome is the new state
            return OUTCOME_STATUS[current_proposal(self).outcome]
        return None

    method.__name__ = method.__qualname__ = step.name
    return transition(
        field="status",
        source=list(step.sources),
        target=RETURN_VALUE(*step.targets) if decided_by_input else step.targets[0],
        conditions=[lambda dossier: not step.refusals(dossier)],
        permission=lambda dossier, user: step.actor.refusal(dossier, user) is None,
        custom={"label": step.label},
    )(method)


class Dossier(Application):
    class Meta:
        proxy = True
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    submit = fsm_transition(STEPS_BY_NAME["submit"])
    declare_admissible = fsm_transition(STEPS_BY_NAME["declare_admissible"])
    declare_inadmissible = fsm_transition(STEPS_BY_NAME["declare_inadmissible"])
    start_assessment = fsm_transition(STEPS_BY_NAME["start_assessment"])
    request_clarification = fsm_transition(STEPS_BY_NAME["request_clarification"])
    resubmit = fsm_transition(STEPS_BY_NAME["resubmit"])
    propose_decision = fsm_transition(STEPS_BY_NAME["propose_decision"])
    return_to_review = fsm_transition(STEPS_BY_NAME["return_to_review"])
    approve_decision = fsm_transition(STEPS_BY_NAME["approve_decision"])
    withdraw = fsm_transition(STEPS_BY_NAME["withdraw"])
