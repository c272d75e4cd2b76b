"""Celery tasks. They take ids, never objects, and are safe to run twice: a notification
is claimed in the database before it is sent, and sent only while still pending."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from notifications import services
from notifications.models import Status
from notifications.sweep import run_sweep

BATCH = 50  # small batches: a crash redoes little, and the work spreads over the workers


def enqueue(ids) -> int:
    """Queue the sends in batches; returns the number of tasks (the benchmark shows it)."""
    batches = [list(ids[start:start + BATCH]) for start in range(0, len(ids), BATCH)]
    for batch in batches:
        send_notifications.delay(batch)
    return len(batches)


@shared_task(name="notifications.sweep")
def sweep(at: str | None = None) -> int:
    """The periodic sweep (django-celery-beat): claim what is due and hand it out in batches."""
    result = run_sweep(parse_datetime(at) if at else None)
    enqueue(result.claimed_ids + result.resend_ids)
    return len(result.claimed_ids)


@shared_task(name="notifications.send")
def send_notifications(ids: list[int]) -> int:
    handled = services.deliver_many(ids)
    for n in handled:
        if n.status == Status.RETRYING:  # exponential backoff; the sweep picks it up as well
            send_notifications.apply_async(([n.pk],), countdown=services.backoff(n.attempts).total_seconds())
    return sum(n.status == Status.SENT for n in handled)


@shared_task(name="notifications.event")
def notify_event(step: str, event_id: int) -> None:
    services.claim_and_send(services.event_notifications(step, event_id))


@shared_task(name="notifications.letter")
def notify_letter(letter_id: int) -> None:
    services.claim_and_send(services.letter_notifications(letter_id))
