"""Celery tasks. They take ids, never objects, and are safe to run twice: a notification
is claimed in the database before it is sent, and sent only while still pending."""

from celery import current_app, shared_task
from django.db import InterfaceError, OperationalError
from django.utils.dateparse import parse_datetime

from notifications import services
from notifications.models import Status
from notifications.sweep import run_sweep

# A batch's e-mails go out over one mail connection, in one task. Small batches spread the
# work over the workers and a crash redoes little (a redone batch skips what was sent), but
# every batch is a message on the broker, and 2000 of them made up a third of a big sweep.
# So a sweep queues at most MAX_TASKS batches, bigger ones when it claimed more, and never
# more than MAX_BATCH e-mails in one, so a batch stays well within the task time limit.
BATCH, MAX_BATCH, MAX_TASKS = 50, 500, 200
# An event's e-mails are claimed by its task: if the database is down then, nothing is stored
# yet that the sweep could resend, so the task itself retries (1, 2, 4 … 60 s apart).
DATABASE_DOWN = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True,
                 "retry_backoff_max": 60, "retry_jitter": False, "max_retries": 12}


def batch_size(count: int) -> int:
    return min(MAX_BATCH, max(BATCH, -(-count // MAX_TASKS)))


def enqueue(ids) -> int:
    """Queue the sends in batches over one broker connection; returns the number of tasks."""
    size = batch_size(len(ids))
    batches = [list(ids[start:start + size]) for start in range(0, len(ids), size)]
    with current_app.producer_or_acquire() as producer:
        for batch in batches:
            send_notifications.apply_async((batch,), producer=producer)
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


@shared_task(name="notifications.event", **DATABASE_DOWN)
def notify_event(step: str, event_id: int) -> None:
    services.claim_and_send(services.event_notifications(step, event_id))


@shared_task(name="notifications.letter", **DATABASE_DOWN)
def notify_letter(letter_id: int) -> None:
    services.claim_and_send(services.letter_notifications(letter_id))


@shared_task(name="notifications.aftercare", **DATABASE_DOWN)
def notify_aftercare(lifecycle: str, step: str, event_id: int) -> None:
    services.claim_and_send(services.aftercare_notifications(lifecycle, step, event_id))
