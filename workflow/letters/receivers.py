"""The letters' reaction to the lifecycle (connected in WorkflowConfig.ready): a step that
ends in a decision gets its letter. The signal is sent after the commit already."""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerUnreachable

from grants.models import DECIDED_STATUSES
from workflow.letters.services import get_or_create_letter
from workflow.letters.tasks import make_decision_letter
from workflow.machine import STEPS_BY_NAME
from workflow.signals import transition_committed

logger = logging.getLogger(__name__)

LETTER_STEPS = frozenset(name for name, step in STEPS_BY_NAME.items()
                         if set(step.targets) <= set(DECIDED_STATUSES))
"""The steps whose every outcome is a decision: today approve_decision."""


@receiver(transition_committed, dispatch_uid="workflow.letter_on_decision")
def letter_on_decision(sender, application_id, step, **kwargs) -> None:
    """Without a broker the letter is made here, in the decider's request (a second or so),
    since nothing else would make it: the decision is committed and must not lack its letter."""
    if step not in LETTER_STEPS:
        return
    try:
        make_decision_letter.delay(application_id)
    except BrokerUnreachable as error:
        logger.warning("broker onbereikbaar (%s): brief voor aanvraag %s nu gemaakt", error, application_id)
        get_or_create_letter(application_id)
