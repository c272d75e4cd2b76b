"""The workflow's own reactions to its signals (connected in WorkflowConfig.ready)."""

from django.dispatch import receiver

from workflow.signals import transition_committed
from workflow.tasks import make_decision_letter


@receiver(transition_committed, dispatch_uid="workflow.letter_on_decision")
def letter_on_decision(sender, application_id, step, **kwargs) -> None:
    """An approved decision gets its letter; the signal is sent after the commit already."""
    if step == "approve_decision":
        make_decision_letter.delay(application_id)
