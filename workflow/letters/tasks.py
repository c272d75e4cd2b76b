"""Celery tasks of the letters. They take ids and are safe to run twice; their names are
kept from before the move, so tasks already queued still find them."""

from celery import shared_task

from workflow.letters import services


@shared_task(name="workflow.make_decision_letter")
def make_decision_letter(application_id: int) -> int:
    """Make (or find) the decision letter; letter_ready follows its commit."""
    return services.get_or_create_letter(application_id).pk


@shared_task(name="workflow.make_letter_batch")
def make_letter_batch(batch_id: int) -> int:
    return services.run_batch(batch_id).pk
