"""Effects of the aftercare's steps, written in the step's transaction: (obj, user, payload,
event) each, after the object's new status is saved."""

from django.utils import timezone

from aftercare.amendments import apply_change
from aftercare.closure import close_when_done  # noqa: F401 - an effect of several steps
from aftercare.later import take_later_decision
from aftercare.letters import make_recovery_letter
from aftercare.models import LaterKind, ReportQuestion
from aftercare.money import granted_per_year


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


# --- changes and appeals ----------------------------------------------------------------------


def record_proposal(obj, user, payload, event) -> None:
    """The new amounts a dossierbehandelaar proposes, and why; a second person decides."""
    obj.amounts, obj.motivation = payload["amounts"], payload["motivation"]
    obj.proposed_by, obj.proposed_at = user, timezone.now()
    obj.save(update_fields=["amounts", "motivation", "proposed_by", "proposed_at"])
    event.data["amounts"] = obj.amounts


def accept_change(change, user, payload, event) -> None:
    """The change takes effect: members, regisseur, and a new version of the plan."""
    change.version = apply_change(change, user)
    change.decided_by, change.decided_at = user, timezone.now()
    change.save(update_fields=["version", "decided_by", "decided_at"])
    event.data.update(version=change.version.number)


def amending_decision(change, user, payload, event) -> None:
    _later(change, "wijziging", user, LaterKind.AMENDING, change.amounts, change.motivation, payload, event)


def confirm_decision(appeal, user, payload, event) -> None:
    """The decision stands: a letter says so, with the amounts in force unchanged."""
    amounts = {str(year): str(amount) for year, amount in granted_per_year(appeal.application).items()}
    _later(appeal, "beroep", user, LaterKind.CONFIRMED, amounts, payload["motivation"], payload, event)


APPEAL_DECISIONS = {"heroverweging": LaterKind.RECONSIDERED, "rechtzetting": LaterKind.CORRECTION,
                    "raad_van_state": LaterKind.NEW_DECISION}
"""The kind of decision each kind of appeal ends in when the decision changes."""


def new_decision(appeal, user, payload, event) -> None:
    _later(appeal, "beroep", user, APPEAL_DECISIONS[appeal.kind], appeal.amounts, appeal.motivation, payload,
           event)


def record_judgment(appeal, user, payload, event) -> None:
    appeal.outcome_on, appeal.judgment_number = payload["outcome_on"], payload["judgment_number"]
    appeal.save(update_fields=["outcome_on", "judgment_number"])
    event.data.update(outcome_on=appeal.outcome_on.isoformat(), judgment_number=appeal.judgment_number)


def _later(obj, lifecycle, user, kind, amounts, motivation, payload, event) -> None:
    decision = take_later_decision(obj, lifecycle, user, kind, amounts, motivation, payload["act_details"])
    event.data.update(decision=decision.pk, number=decision.number, sha256=decision.sha256,
                      act=decision.act_id)
