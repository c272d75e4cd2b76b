"""The periodic sweep: which reminders are due now, claimed in bulk.

The sweep runs a constant number of queries, however many applications there are: one
per kind of reminder to find what is due, an INSERT … SELECT per due call for the drafts
and one bulk insert for the rest (duplicates are ignored by the unique constraint), and
one to read back the rows this very sweep claimed.
Only those are sent, so a repeated or concurrent sweep sends nothing twice.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from aftercare.selectors import awaiting_report
from grants.models import (
    WAITING_ON_REVIEWER_STATUSES,
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Attachment,
    Call,
    Municipality,
    ReportDueDate,
)
from notifications.models import Kind, Notification, Status
from notifications.recipients import addresses, recipient_columns
from notifications.schedule import clarification_moment, due_offset, due_report_offsets
from workflow.models import ClarificationRequest, ReviewAssignment, SubmissionExtension

# A report reminder lies within a year of its due date (Call.report_reminder_days).
REPORT_WINDOW = timedelta(days=366)
# A claim still pending after this long lost its send task (e.g. a crash right after the claim).
STALE_AFTER = timedelta(minutes=10)


@dataclass
class SweepResult:
    due: list[Notification] = field(default_factory=list)
    claimed_ids: list[int] = field(default_factory=list)
    resend_ids: list[int] = field(default_factory=list)


def due_deadlines(at: datetime) -> list[tuple[Call, int]]:
    """(call, offset) for every open call whose deadline reminder is due now."""
    calls = Call.objects.filter(opens_at__lte=at, deadline__gt=at)
    return [(call, offset) for call in calls if (offset := due_offset(call, at)) is not None]


# Drafts' reminders are claimed by one INSERT … SELECT in the database: no row passes through
# Python, which keeps 100.000 drafts within seconds. {drafts} is the drafts' query with the
# recipient rule (recipients.recipient_columns) compiled by Django; each draft gives a row
# for its first recipient and, when it has one, its second. Valid on PostgreSQL and SQLite.
# NOT EXISTS skips what earlier sweeps claimed cheaply; ON CONFLICT settles concurrent ones.
DRAFT_CLAIMS_SQL = """
INSERT INTO {table} (kind, recipient, scope, offset_days, call_id, application_id, claimed_by, status,
                     subject, body, attempts, error, created_at)
SELECT %s, x.email, x.scope, %s, x.call_id, x.id, %s, %s, '', '', 0, '', %s
FROM (
    SELECT d.id, d.call_id, 'aanvraag:' || CAST(d.id AS VARCHAR(20)) AS scope,
           CASE WHEN k.n = 1 THEN d.first_recipient ELSE d.second_recipient END AS email
    FROM ({drafts}) d CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) k
) x
WHERE x.email IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM {table} n
    WHERE n.recipient = x.email AND n.kind = %s AND n.scope = x.scope AND n.offset_days = %s)
ON CONFLICT DO NOTHING
"""


def drafts_on_the_call_deadline(call: Call):
    return Application.objects.filter(call=call, status=ApplicationStatus.CONCEPT, extension__isnull=True)


def claim_draft_reminders(call: Call, offset: int, token: uuid.UUID) -> None:
    """The drafts' reminders before the call's deadline; a draft with an extension has its own
    (extension_reminders)."""
    drafts = drafts_on_the_call_deadline(call).order_by().values("id", "call_id", **recipient_columns())
    drafts_sql, drafts_params = drafts.query.sql_with_params()
    sql = DRAFT_CLAIMS_SQL.format(table=Notification._meta.db_table, drafts=drafts_sql)
    fields = {f.name: f for f in Notification._meta.fields}
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            Kind.DEADLINE_REMINDER, offset, fields["claimed_by"].get_db_prep_value(token, connection),
            Status.PENDING, fields["created_at"].get_db_prep_value(timezone.now(), connection),
            *drafts_params, Kind.DEADLINE_REMINDER, offset,
        ])


def member_reminders(drafts, offset: int) -> list[Notification]:
    """Each member municipality (with a contact address) of these drafts whose council decision is
    still missing: its reminder names what is missing. One query."""
    council_decision = Attachment.objects.filter(
        application_id=OuterRef("application_id"), municipality_id=OuterRef("municipality_id"),
        attachment_type__per_member_municipality=True)
    missing = (ApplicationMunicipality.objects
               .filter(application__in=drafts, active=True,
                       application__call__mandatory_attachment_types__per_member_municipality=True)
               .exclude(municipality__contact_email="").exclude(Exists(council_decision))
               .values_list("application_id", "application__call_id", "municipality_id",
                            "municipality__contact_email").distinct())
    return [
        Notification(kind=Kind.COUNCIL_DECISION_REMINDER, recipient=email.strip().lower(),
                     offset_days=offset, scope=f"aanvraag:{application_id}:gemeente:{municipality_id}",
                     call_id=call_id, application_id=application_id, municipality_id=municipality_id)
        for application_id, call_id, municipality_id, email in missing
    ]


def extension_reminders(at: datetime) -> list[Notification]:
    """The deadline reminders of the drafts with an extension, before the extension's end: they
    move with it (a new end is a new scope, so a moved extension reminds again)."""
    extensions = (SubmissionExtension.objects
                  .filter(until__gt=at, application__status=ApplicationStatus.CONCEPT)
                  .select_related("application__call")
                  .annotate(**recipient_columns("application__")))
    reminders = []
    for extension in extensions:
        call = extension.application.call
        if (offset := due_offset(call, at, extension.until)) is None:
            continue
        scope = f"uitstel:{extension.application_id}:{int(extension.until.timestamp())}"
        reminders += [Notification(kind=Kind.DEADLINE_REMINDER, recipient=email, offset_days=offset,
                                   scope=scope, call=call, application_id=extension.application_id)
                      for email in addresses(vars(extension))]
        drafts = Application.objects.filter(pk=extension.application_id)
        reminders += member_reminders(drafts, offset)
    return reminders


def municipality_invitations(call: Call, offset: int) -> list[Notification]:
    """Municipalities that no live application of the call covers (a withdrawn one frees them)."""
    taken = ApplicationMunicipality.objects.filter(call=call, active=True).values("municipality_id")
    free = (Municipality.objects.valid_on(call.deadline.date()).exclude(pk__in=taken)
            .exclude(contact_email="").values_list("pk", "contact_email"))
    return [
        Notification(kind=Kind.INVITATION, recipient=email.strip().lower(), offset_days=offset,
                     scope=f"oproep:{call.pk}:gemeente:{pk}", call=call, municipality_id=pk)
        for pk, email in free
    ]


def clarification_reminders(at: datetime) -> list[Notification]:
    rows = (ClarificationRequest.objects
            .filter(answered_at__isnull=True, deadline__gt=at,
                    application__status=ApplicationStatus.AANVULLING_GEVRAAGD)
            .values("pk", "deadline", "application_id", "application__call_id",
                    days=F("application__call__clarification_reminder_days"),
                    time=F("application__call__reminder_time"), **recipient_columns("application__")))
    return [
        Notification(kind=Kind.CLARIFICATION_REMINDER, recipient=email, scope=f"vraag:{row['pk']}",
                     offset_days=row["days"], call_id=row["application__call_id"],
                     application_id=row["application_id"], ref_id=row["pk"])
        for row in rows if clarification_moment(row["deadline"], row["days"], row["time"]) <= at
        for email in addresses(row)
    ]


def review_reminders(at: datetime) -> list[Notification]:
    assignments = (ReviewAssignment.objects
                   .filter(application__status__in=WAITING_ON_REVIEWER_STATUSES)
                   .select_related("application__call", "reviewer"))
    return [
        Notification(kind=Kind.REVIEW_REMINDER, recipient=a.reviewer.email.strip().lower(),
                     offset_days=a.application.call.review_wait_days, call=a.application.call,
                     application_id=a.application_id, ref_id=a.pk,
                     scope=f"behandeling:{a.application_id}:{int(a.assigned_at.timestamp())}")
        for a in assignments
        if a.assigned_at + timedelta(days=a.application.call.review_wait_days) <= at
    ]


def report_reminders(at: datetime) -> list[Notification]:
    """Granted applications whose report of a year is not yet submitted, at each reminder
    moment before and after its due date (call data). The scope names the due date, so a
    moved due date is a new due moment, reminded again; the same moment never twice."""
    window = (at - REPORT_WINDOW).date(), (at + REPORT_WINDOW).date()
    dues = ReportDueDate.objects.filter(due_on__range=window).select_related("call")
    return [
        Notification(kind=Kind.REPORT_REMINDER, recipient=email, offset_days=days, call_id=due.call_id,
                     application_id=row["id"], ref_id=due.year,
                     scope=f"verslag:{row['id']}:{due.year}:{due.due_on:%Y%m%d}")
        for due in dues
        if (offsets := due_report_offsets(due.call, due.due_on, at))
        for row in awaiting_report(due.call_id, due.year).values("id", **recipient_columns())
        for days in offsets
        for email in addresses(row)
    ]


def claim(notifications: list[Notification], deadlines=(), token=None) -> list[int]:
    """Insert the claims; return the ids of those this call inserted (not earlier ones)."""
    token = token or uuid.uuid4()
    for notification in notifications:
        notification.claimed_by = token
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    for call, offset in deadlines:
        claim_draft_reminders(call, offset, token)
    return list(Notification.objects.filter(claimed_by=token).values_list("pk", flat=True))


def claim_due(at: datetime, token=None) -> list[int]:
    deadlines = due_deadlines(at)
    invitations = [n for call, offset in deadlines if not call.is_rehearsal
                   for n in municipality_invitations(call, offset)]
    members = [n for call, offset in deadlines
               for n in member_reminders(drafts_on_the_call_deadline(call), offset)]
    return claim(invitations + members + extension_reminders(at) + clarification_reminders(at)
                 + review_reminders(at) + report_reminders(at), deadlines, token)


def to_resend(now: datetime) -> list[int]:
    """Failed sends whose backoff is over, and claims whose send task got lost."""
    return list(Notification.objects.filter(
        Q(status=Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=Status.PENDING, created_at__lte=now - STALE_AFTER)
    ).values_list("pk", flat=True))


def run_sweep(at: datetime | None = None, dry_run: bool = False) -> SweepResult:
    at = at or timezone.now()
    if dry_run:  # the very same claims, read back and rolled back
        token = uuid.uuid4()
        with transaction.atomic():
            claim_due(at, token)
            due = list(Notification.objects.filter(claimed_by=token).order_by("pk"))
            transaction.set_rollback(True)
        return SweepResult(due=due)
    return SweepResult(claimed_ids=claim_due(at), resend_ids=to_resend(timezone.now()))
