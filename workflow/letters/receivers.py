"""The letters' reaction to the lifecycle (connected in WorkflowConfig.ready): a step that
ends in a decision gets its letter. The signal is sent after the commit already."""

from django.dispatch import receiver

from grants.models import DECIDED_STATUSES
from workflow.letters.tasks import make_decision_letter
from workflow.machine import STEPS_BY_NAME
from workflow.signals import transition_committed

LETTER_STEPS = frozenset(name for name, step in STEPS_BY_NAME.items()
                         if set(step.targets) <= set(DECIDED_STATUSES))
"""The steps whose every outcome is a decision: today approve_decision."""


@receiver(transition_committed, dispatch_uid="workflow.letter_on_decision")
def letter_on_decision(sender, application_id, step, **kwargs) -> None:
    if step in LETTER_STEPS:
        make_decision_letter.delay(application_id)
