"""Writes: claiming event notifications and sending a claimed notification exactly once.

Sending happens inside a transaction that holds the notification's row lock and marks it
sent before the commit. Another worker skips a locked row; a worker killed half-way
leaves the row pending (its task comes back, acks_late + reject_on_worker_lost) and it is
sent then. With a database-backed mail backend the delivery and the mark commit together:
exactly once. With SMTP the only gap is between the server accepting the message and our
commit (milliseconds); a crash there resends with the same Message-ID, which mail systems
drop as a duplicate. We chose that over the opposite order, which could lose a reminder.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.models import AftercareEvent
from grants.roles import Role
from notifications.content import build_message
from notifications.models import Kind, Notification, Status
from notifications.recipients import recipients_of
from notifications.sweep import claim
from workflow.models import AuditEvent, AuditKind, DecisionLetter, ReviewAssignment

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=1)  # 1, 2, 4, 8, 16 minutes between attempts


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * 2 ** max(attempts - 1, 0)


def deliver(notification_id: int, connection=None) -> Notification | None:
    """Send one claimed notification unless it is sent, given up, or being sent elsewhere."""
    due = Q(status=Status.PENDING) | Q(status=Status.RETRYING, next_attempt_at__lte=timezone.now())
    with transaction.atomic():
        n = (Notification.objects.select_for_update(skip_locked=True, of=("self",))
             .select_related("application__call", "application__applicant", "call", "municipality")
             .filter(due, pk=notification_id).first())
        if n is None:  # sent, given up, not yet due again, or being sent by another worker
            return None
        n.attempts += 1
        try:
            if not n.recipient:
                raise ValueError(_("Geen e-mailadres bekend."))
            with transaction.atomic():  # a failing backend leaves nothing half-written
                build_message(n, connection).send()
        except Exception as error:  # noqa: BLE001 - every failure is recorded and retried
            _record_failure(n, error)
        else:
            n.status, n.sent_at, n.error, n.next_attempt_at = Status.SENT, timezone.now(), "", None
        n.save(update_fields=["status", "sent_at", "error", "attempts", "next_attempt_at", "subject", "body"])
    return n


def deliver_many(ids) -> list[Notification]:
    """Send each claimed notification over one mail connection; returns those handled here."""
    with get_connection() as connection:
        handled = [deliver(pk, connection) for pk in ids]
    return [n for n in handled if n is not None]


def _record_failure(n: Notification, error: Exception) -> None:
    n.error = f"{type(error).__name__}: {error}"
    if n.recipient and n.attempts < MAX_ATTEMPTS:
        n.status, n.next_attempt_at = Status.RETRYING, timezone.now() + backoff(n.attempts)
    else:
        n.status, n.next_attempt_at = Status.FAILED, None


def _to_contacts(kind, application, scope, ref_id) -> list[Notification]:
    return [Notification(kind=kind, recipient=email, scope=scope, call_id=application.call_id,
                         application=application, ref_id=ref_id)
            for email in recipients_of(application)]


def _answer_recipient(event: AuditEvent) -> str:
    """The assigned reviewer, or else whoever asked the question."""
    assignment = ReviewAssignment.objects.filter(application=event.application).select_related("reviewer")
    if (found := assignment.first()) is not None:
        return found.reviewer.email
    request = event.application.clarifications.order_by("-asked_at").select_related("asked_by").first()
    return request.asked_by.email if request else ""


def _status(event: AuditEvent, scope: str) -> list[Notification]:
    return _to_contacts(Kind.STATUS_CHANGED, event.application, scope, event.pk)


def _proposal(event: AuditEvent, scope: str) -> list[Notification]:
    """Every beslisser who may approve it: not the proposer, no conflict declared."""
    application = event.application
    conflicted = application.conflict_declarations.filter(has_conflict=True).values("reviewer_id")
    deciders = (get_user_model().objects.filter(groups__name=Role.BESLISSER, is_active=True)
                .exclude(email="").exclude(pk=event.actor_id).exclude(pk__in=conflicted).distinct())
    return [Notification(kind=Kind.PROPOSAL_WAITING, recipient=user.email.strip().lower(), scope=scope,
                         call_id=application.call_id, application=application, ref_id=event.pk)
            for user in deciders]


def _assigned(event: AuditEvent, scope: str) -> list[Notification]:
    application = event.application
    reviewer = get_user_model().objects.filter(username=event.data.get("reviewer")).first()
    email = reviewer.email.strip().lower() if reviewer else ""
    return [Notification(kind=Kind.DOSSIER_ASSIGNED, recipient=email, scope=scope,
                         call_id=application.call_id, application=application, ref_id=event.pk)]


def _receipt(event: AuditEvent, scope: str) -> list[Notification]:
    return _to_contacts(Kind.RECEIPT, event.application, scope, event.pk)


def _question(event: AuditEvent, scope: str) -> list[Notification]:
    return _to_contacts(Kind.CLARIFICATION_REQUESTED, event.application, scope,
                        event.data.get("clarification"))


def _answer(event: AuditEvent, scope: str) -> list[Notification]:
    application = event.application
    return [Notification(kind=Kind.ANSWER_RECEIVED, recipient=_answer_recipient(event).lower(),
                         scope=scope, call_id=application.call_id, application=application, ref_id=event.pk)]


STEP_EMAILS = {
    "submit": _receipt,  # the applicant's contacts: the receipt with the version's fingerprint
    "declare_admissible": _status,  # the applicant's contacts: the new status (also in "Mijn meldingen")
    "declare_inadmissible": _status,
    "start_assessment": _status,
    "request_clarification": _question,  # the applicant's contacts: the question and its term
    "resubmit": _answer,  # the assigned reviewer (or whoever asked): the answer came in
    "propose_decision": _proposal,  # every beslisser who may approve it
}
"""The steps of workflow.machine that send e-mail, and to whom; the other steps send none.
The decision itself reaches the applicant with its letter (letter_notifications)."""

EVENT_EMAILS = {
    AuditKind.ASSIGNMENT: _assigned,  # the dossierbehandelaar a dossier was assigned to
}
"""The department's events outside the step table that send e-mail (workflow.signals.dossier_assigned)."""


def _to_applicant(kind):
    """An aftercare step's e-mail to the applicant's contacts, about the step's event."""
    def build(event: AftercareEvent, scope: str) -> list[Notification]:
        return _to_contacts(kind, event.application, scope, event.pk)
    return build


AFTERCARE_EMAILS = {
    ("jaarverslag", "request_changes"): _to_applicant(Kind.REPORT_CHANGES),  # the question
    ("jaarverslag", "approve"): _to_applicant(Kind.REPORT_APPROVED),
    ("schijf", "mark_paid"): _to_applicant(Kind.PAYMENT_MADE),  # the amount, date and reference
    ("terugvordering", "decide"): _to_applicant(Kind.RECOVERY),  # with the letter attached
    # issue 23: changes and appeals
    ("wijziging", "accept"): _to_applicant(Kind.CHANGE_DECIDED),
    ("wijziging", "refuse"): _to_applicant(Kind.CHANGE_DECIDED),  # with the motivation
    ("wijziging", "approve"): _to_applicant(Kind.LATER_DECISION),  # the amending decision's letter attached
    ("beroep", "confirm"): _to_applicant(Kind.LATER_DECISION),
    ("beroep", "decide"): _to_applicant(Kind.LATER_DECISION),
    ("beroep", "annul"): _to_applicant(Kind.APPEAL_OUTCOME),
    ("beroep", "dismiss"): _to_applicant(Kind.APPEAL_OUTCOME),
}
"""The aftercare steps (aftercare/machine.py) that send e-mail, and to whom; the others send none."""


def aftercare_notifications(lifecycle: str, step: str, event_id: int) -> list[Notification]:
    if (lifecycle, step) not in AFTERCARE_EMAILS:
        return []
    event = AftercareEvent.objects.select_related("application__applicant").get(pk=event_id)
    return AFTERCARE_EMAILS[lifecycle, step](event, f"nazorg:{event_id}")


def event_notifications(step: str, event_id: int) -> list[Notification]:
    """The e-mails a workflow step (or an event of EVENT_EMAILS) causes (none for most steps)."""
    table = {**STEP_EMAILS, **EVENT_EMAILS}
    if step not in table:
        return []
    event = AuditEvent.objects.select_related("application__applicant").get(pk=event_id)
    return table[step](event, f"stap:{event_id}")


def letter_notifications(letter_id: int) -> list[Notification]:
    """The letter to the applicant's contacts and, as the letter says, a copy to every member
    municipality (with no address known, the copy is recorded as failed, so the gap shows)."""
    letter = DecisionLetter.objects.select_related("application__applicant").get(pk=letter_id)
    application = letter.application
    members = application.memberships.filter(active=True).values_list(
        "municipality_id", "municipality__contact_email")
    copies = [Notification(kind=Kind.DECISION_COPY, recipient=email.strip().lower(), application=application,
                           scope=f"brief:{letter_id}:gemeente:{pk}", call_id=application.call_id,
                           municipality_id=pk, ref_id=letter_id)
              for pk, email in members]
    return _to_contacts(Kind.DECISION, application, f"brief:{letter_id}", letter_id) + copies


def claim_and_send(notifications: list[Notification]) -> list[Notification]:
    return deliver_many(claim(notifications))
