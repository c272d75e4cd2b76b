"""Celery tasks of the letters. They take ids and are safe to run twice; their names are
kept from before the move, so tasks already queued still find them."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from workflow.letters import services


# Nothing else makes an approved decision's letter: while the database is down, try again.
@shared_task(name="workflow.make_decision_letter", autoretry_for=(OperationalError, InterfaceError),
             retry_backoff=True, retry_backoff_max=60, retry_jitter=False, max_retries=12)
def make_decision_letter(application_id: int) -> int:
    """Make (or find) the decision letter; letter_ready follows its commit."""
    return services.get_or_create_letter(application_id).pk


@shared_task(name="workflow.make_letter_batch")
def make_letter_batch(batch_id: int) -> int:
    return services.run_batch(batch_id).pk
