"""The workflow's own reactions to its signals (connected in WorkflowConfig.ready)."""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerUnreachable

from workflow.letters.services import get_or_create_letter
from workflow.signals import transition_committed
from workflow.tasks import make_decision_letter

logger = logging.getLogger(__name__)


@receiver(transition_committed, dispatch_uid="workflow.letter_on_decision")
def letter_on_decision(sender, application_id, step, **kwargs) -> None:
    """An approved decision gets its letter; the signal is sent after the commit already.

    Without a broker the letter is made here, in the decider's request (a second or so),
    since nothing else would make it: the decision is committed and must not lack its letter.
    """
    if step != "approve_decision":
        return
    try:
        make_decision_letter.delay(application_id)
    except BrokerUnreachable as error:
        logger.warning("broker onbereikbaar (%s): brief voor aanvraag %s nu gemaakt", error, application_id)
        get_or_create_letter(application_id)
