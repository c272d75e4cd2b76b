"""Receivers of the workflow's signals. They only enqueue a task with ids; the signals are
sent after the commit, so the task finds what the transition wrote."""

from django.dispatch import receiver

from notifications.services import STEP_EMAILS
from notifications.tasks import notify_event, notify_letter
from workflow.signals import letter_ready, transition_committed


@receiver(transition_committed, dispatch_uid="notifications.transition")
def on_transition(sender, application_id, step, event_id, actor_id, **kwargs):
    if step in STEP_EMAILS:
        notify_event.delay(step, event_id)


@receiver(letter_ready, dispatch_uid="notifications.letter")
def on_letter(sender, application_id, letter_id, **kwargs):
    notify_letter.delay(letter_id)
