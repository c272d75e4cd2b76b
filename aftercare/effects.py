"""Effects of the aftercare's steps, written in the step's transaction: (obj, user, payload,
event) each, after the object's new status is saved."""

from django.utils import timezone

from aftercare.closure import close_when_done  # noqa: F401 - an effect of several steps
from aftercare.letters import make_recovery_letter
from aftercare.models import ReportQuestion


def stamp_submitted(report, user, payload, event) -> None:
    report.submitted_at = timezone.now()
    report.save(update_fields=["submitted_at"])


def record_question(report, user, payload, event) -> None:
    question = ReportQuestion.objects.create(report=report, question=payload["question"], asked_by=user)
    event.data["question"] = question.pk


def record_answer(report, user, payload, event) -> None:
    question = report.questions.filter(answered_at__isnull=True).order_by("-asked_at", "-pk").first()
    if question is not None:
        question.answer, question.answered_at = payload["answer"], timezone.now()
        question.save(update_fields=["answer", "answered_at"])
        event.data["question"] = question.pk


def stamp_approved(obj, user, payload, event) -> None:
    obj.approved_by, obj.approved_at = user, timezone.now()
    obj.save(update_fields=["approved_by", "approved_at"])


def stamp_proposed(tranche, user, payload, event) -> None:
    tranche.proposed_by, tranche.proposed_at = user, timezone.now()
    tranche.save(update_fields=["proposed_by", "proposed_at"])


def clear_proposal(tranche, user, payload, event) -> None:
    """Sent back: the next proposal is a new one, by whoever makes it."""
    tranche.proposed_by, tranche.proposed_at = None, None
    tranche.save(update_fields=["proposed_by", "proposed_at"])


def record_payment(obj, user, payload, event) -> None:
    """The date and reference of a payment (a tranche) or a repayment (a recovery)."""
    date_field = "paid_on" if hasattr(obj, "paid_on") else "settled_on"
    setattr(obj, date_field, payload["paid_on"])
    obj.reference = payload["reference"]
    obj.save(update_fields=[date_field, "reference"])
    event.data.update(paid_on=payload["paid_on"].isoformat(), reference=payload["reference"])


def decide_recovery(recovery, user, payload, event) -> None:
    recovery.decided_by, recovery.decided_at = user, timezone.now()
    recovery.save(update_fields=["decided_by", "decided_at"])
    letter = make_recovery_letter(recovery)
    event.data.update(letter=letter.pk, sequence=letter.sequence, sha256=letter.sha256)
