"""Receivers of the workflow's signals. They only enqueue a task with ids; the signals are
sent after the commit, so the task finds what the transition wrote.

When the broker is unreachable at that moment the step is committed already: the e-mails are
then claimed here, pending, and the periodic sweep sends claims whose task got lost
(sweep.to_resend), once. The user's request succeeds as if the task had been queued.
"""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerUnreachable

from aftercare.signals import step_committed
from notifications import services
from notifications.sweep import claim
from notifications.tasks import notify_aftercare, notify_event, notify_letter
from workflow.models import AuditKind
from workflow.signals import dossier_assigned, letter_ready, transition_committed

logger = logging.getLogger(__name__)


def _enqueue_or_claim(task, args, notifications) -> None:
    try:
        task.delay(*args)
    except BrokerUnreachable as error:
        ids = claim(notifications())
        logger.warning("broker onbereikbaar (%s): %d e-mails wachten op de sweep", error, len(ids))


@receiver(transition_committed, dispatch_uid="notifications.transition")
def on_transition(sender, application_id, step, event_id, actor_id, **kwargs):
    if step in services.STEP_EMAILS:
        _enqueue_or_claim(notify_event, (step, event_id),
                          lambda: services.event_notifications(step, event_id))


@receiver(letter_ready, dispatch_uid="notifications.letter")
def on_letter(sender, application_id, letter_id, **kwargs):
    _enqueue_or_claim(notify_letter, (letter_id,), lambda: services.letter_notifications(letter_id))


@receiver(dossier_assigned, dispatch_uid="notifications.assignment")
def on_assignment(sender, application_id, event_id, actor_id, **kwargs):
    kind = AuditKind.ASSIGNMENT.value
    _enqueue_or_claim(notify_event, (kind, event_id), lambda: services.event_notifications(kind, event_id))


@receiver(step_committed, dispatch_uid="notifications.aftercare")
def on_aftercare_step(sender, lifecycle, object_id, application_id, step, event_id, actor_id, **kwargs):
    if (lifecycle, step) in services.AFTERCARE_EMAILS:
        _enqueue_or_claim(notify_aftercare, (lifecycle, step, event_id),
                          lambda: services.aftercare_notifications(lifecycle, step, event_id))
