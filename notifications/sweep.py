"""The periodic sweep: which reminders are due now, claimed in bulk.

The sweep runs a constant number of queries, however many applications there are: one
per kind of reminder to find what is due, one bulk insert of the claims (duplicates are
ignored by the unique constraint) and one to read back the rows this very sweep claimed.
Only those are sent, so a repeated or concurrent sweep sends nothing twice.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from grants.models import Application, ApplicationMunicipality, ApplicationStatus, Call, Municipality
from notifications.models import Kind, Notification, Status
from notifications.recipients import RECIPIENT_FIELDS, application_recipients
from notifications.schedule import clarification_moment, due_offset
from workflow.models import ClarificationRequest, ReviewAssignment

# States in which a dossier waits on its reviewer.
WAITING_ON_REVIEWER = (ApplicationStatus.INGEDIEND, ApplicationStatus.ONTVANKELIJK,
                       ApplicationStatus.IN_BEOORDELING)
# A claim still pending after this long lost its send task (e.g. a crash right after the claim).
STALE_AFTER = timedelta(minutes=10)


@dataclass
class SweepResult:
    due: list[Notification] = field(default_factory=list)
    claimed_ids: list[int] = field(default_factory=list)
    resend_ids: list[int] = field(default_factory=list)


def _for_application(kind, app_row, offset, call_id, scope, ref_id=None):
    return [
        Notification(kind=kind, recipient=email, scope=scope, offset_days=offset, call_id=call_id,
                     application_id=app_row["pk"], ref_id=ref_id)
        for email in application_recipients(*(app_row[f] for f in RECIPIENT_FIELDS))
    ]


def deadline_reminders(at: datetime) -> list[Notification]:
    due = []
    for call in Call.objects.filter(opens_at__lte=at, deadline__gt=at):
        offset = due_offset(call, at)
        if offset is None:
            continue
        drafts = Application.objects.filter(call=call, status=ApplicationStatus.CONCEPT)
        for row in drafts.values("pk", *RECIPIENT_FIELDS):
            due += _for_application(Kind.DEADLINE_REMINDER, row, offset, call.pk, f"aanvraag:{row['pk']}")
        if not call.is_rehearsal:
            due += municipality_invitations(call, offset)
    return due


def municipality_invitations(call: Call, offset: int) -> list[Notification]:
    """Municipalities in no application of the call at all (a withdrawn one counts too)."""
    taken = ApplicationMunicipality.objects.filter(call=call).values("municipality_id")
    free = (Municipality.objects.valid_on(call.deadline.date()).exclude(pk__in=taken)
            .exclude(contact_email="").values_list("pk", "contact_email"))
    return [
        Notification(kind=Kind.INVITATION, recipient=email.strip().lower(), offset_days=offset,
                     scope=f"oproep:{call.pk}:gemeente:{pk}", call=call, municipality_id=pk)
        for pk, email in free
    ]


def clarification_reminders(at: datetime) -> list[Notification]:
    app_fields = tuple(f"application__{f}" for f in RECIPIENT_FIELDS)
    rows = (ClarificationRequest.objects
            .filter(answered_at__isnull=True, deadline__gt=at,
                    application__status=ApplicationStatus.AANVULLING_GEVRAAGD)
            .values("pk", "deadline", "application_id", "application__call_id", *app_fields,
                    days=F("application__call__clarification_reminder_days"),
                    time=F("application__call__reminder_time")))
    due = []
    for row in rows:
        if clarification_moment(row["deadline"], row["days"], row["time"]) <= at:
            app_row = {"pk": row["application_id"], **{f: row[f"application__{f}"] for f in RECIPIENT_FIELDS}}
            due += _for_application(Kind.CLARIFICATION_REMINDER, app_row, row["days"],
                                    row["application__call_id"], f"vraag:{row['pk']}", ref_id=row["pk"])
    return due


def review_reminders(at: datetime) -> list[Notification]:
    assignments = (ReviewAssignment.objects
                   .filter(application__status__in=WAITING_ON_REVIEWER)
                   .select_related("application__call", "reviewer"))
    return [
        Notification(kind=Kind.REVIEW_REMINDER, recipient=a.reviewer.email.strip().lower(),
                     offset_days=a.application.call.review_wait_days, call=a.application.call,
                     application_id=a.application_id, ref_id=a.pk,
                     scope=f"behandeling:{a.application_id}:{int(a.assigned_at.timestamp())}")
        for a in assignments
        if a.assigned_at + timedelta(days=a.application.call.review_wait_days) <= at
    ]


def due_notifications(at: datetime) -> list[Notification]:
    return deadline_reminders(at) + clarification_reminders(at) + review_reminders(at)


def claim(notifications: list[Notification]) -> list[int]:
    """Insert the claims; return the ids of those this call inserted (not earlier ones)."""
    token = uuid.uuid4()
    for notification in notifications:
        notification.claimed_by = token
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    return list(Notification.objects.filter(claimed_by=token).values_list("pk", flat=True))


def unclaimed(notifications: list[Notification]) -> list[Notification]:
    """For a dry run: the due ones not claimed before (one query)."""
    scopes = {n.scope for n in notifications}
    taken = set(Notification.objects.filter(scope__in=scopes)
                .values_list("recipient", "kind", "scope", "offset_days"))
    return [n for n in notifications if (n.recipient, n.kind, n.scope, n.offset_days) not in taken]


def to_resend(now: datetime) -> list[int]:
    """Failed sends whose backoff is over, and claims whose send task got lost."""
    return list(Notification.objects.filter(
        Q(status=Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=Status.PENDING, created_at__lte=now - STALE_AFTER)
    ).values_list("pk", flat=True))


def run_sweep(at: datetime | None = None, dry_run: bool = False) -> SweepResult:
    at = at or timezone.now()
    due = due_notifications(at)
    if dry_run:
        return SweepResult(due=unclaimed(due))
    return SweepResult(due=due, claimed_ids=claim(due), resend_ids=to_resend(timezone.now()))
