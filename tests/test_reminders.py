"""The reminder sweep: each reminder at its moment (09:00 Brussels, 30/14/7/2/1 days before
the deadline), to exactly the right people, once; and nothing at any other moment."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Application, ApplicationStatus, Municipality
from notifications import services, tasks
from notifications.models import Kind, Notification, Status
from notifications.sweep import claim_due, run_sweep
from tests import factories
from tests.lifecycle import BRUSSELS, make_cast, place_in
from workflow.models import ReviewAssignment

pytestmark = pytest.mark.django_db

OFFSET_DAYS = {30: (2022, 12, 16), 14: (2023, 1, 1), 7: (2023, 1, 8), 2: (2023, 1, 13), 1: (2023, 1, 14)}


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=BRUSSELS), tick=False)


def sweep() -> list:
    """One sweep as the task runs it: claim, then send what this sweep claimed."""
    result = run_sweep()
    return services.deliver_many(result.claimed_ids + result.resend_ids)


@pytest.fixture
def people(call):
    """A complete draft, an empty draft known only by its organisation's address, a submitted
    and a withdrawn application, and Gent: in no application, with a contact address."""
    complete = factories.make_application(call=call)
    applicant = factories.make_applicant(lead="Brugge")
    applicant.email = "info@regio-brugge.be"
    applicant.save()
    empty = factories.make_application(call=call, applicant=applicant, members=("Brugge",), complete=False)
    for status, members in ((ApplicationStatus.INGEDIEND, ("Gent",)),
                            (ApplicationStatus.INGETROKKEN, ("Aalst",))):
        done = factories.make_application(call=call, members=members, complete=False)
        done.contact_email = f"{status}@example.be"
        done.save()
        Application.objects.filter(pk=done.pk).update(status=status)
    Municipality.objects.filter(name__in=["Gent", "Aalst", "Kortrijk", "Leuven"]).update(
        contact_email="stadhuis@example.be")
    Municipality.objects.filter(name="Leuven").update(contact_email="secretariaat@leuven.be")
    return complete, empty


def recipients(messages) -> set[str]:
    return {address for m in messages for address in m.to}


@pytest.mark.parametrize("offset", sorted(OFFSET_DAYS))
def test_at_each_offset_the_drafts_and_municipalities_without_application_are_reminded(people, offset):
    with at(*OFFSET_DAYS[offset], 9, 0):
        sweep()
    # Not the submitted or withdrawn applicant, nor Gent/Aalst/Kortrijk, which are in an application.
    assert recipients(mail.outbox) == {"an.peeters@example.be", "info@regio-brugge.be",
                                       "secretariaat@leuven.be"}
    assert len(mail.outbox) == 3
    assert set(Notification.objects.values_list("offset_days", flat=True)) == {offset}
    with at(*OFFSET_DAYS[offset], 9, 15):
        assert sweep() == []
    assert len(mail.outbox) == 3


def test_a_sweep_every_three_hours_sends_each_reminder_once_at_nine_on_its_day(people):
    start = datetime(2022, 11, 1, 0, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False) as traveller:
        while timezone.now() < datetime(2023, 1, 17, tzinfo=BRUSSELS):
            sweep()
            traveller.shift(timedelta(hours=3))
    sent = Notification.objects.filter(recipient="an.peeters@example.be")
    moments = sorted(timezone.localtime(n.sent_at).strftime("%d/%m/%Y %H:%M") for n in sent)
    assert moments == sorted(f"{d:02d}/{m:02d}/{y} 09:00" for y, m, d in OFFSET_DAYS.values())
    assert len(mail.outbox) == 3 * len(OFFSET_DAYS)


@pytest.mark.parametrize("moment", [
    (2022, 12, 16, 8, 59), (2022, 12, 17, 9, 0), (2022, 12, 20, 9, 0), (2023, 1, 5, 12, 0),
    (2023, 1, 16, 9, 0), (2023, 2, 14, 9, 0),
])
def test_nothing_is_sent_at_other_moments(people, moment):
    with at(*moment):
        sweep()
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_reminder_lists_what_is_still_missing_in_dutch(people):
    complete, empty = people
    with at(2023, 1, 13, 9, 0):
        sweep()
    to_empty = next(m for m in mail.outbox if m.to == ["info@regio-brugge.be"])
    assert "nog 2 dagen, tot 15/01/2023 23:59" in to_empty.body
    assert "Vul de beleidsvisie in." in to_empty.body and "Vul de begroting in." in to_empty.body
    html = to_empty.alternatives[0][0]
    assert "<li>Vul de beleidsvisie in.</li>" in html
    to_complete = next(m for m in mail.outbox if m.to == ["an.peeters@example.be"])
    assert "Uw aanvraag is volledig" in to_complete.body
    assert Notification.objects.get(recipient="info@regio-brugge.be").subject == to_empty.subject


def test_contact_and_director_both_get_it_and_an_application_without_any_address_is_recorded(call):
    both = factories.make_application(call=call)
    Application.objects.filter(pk=both.pk).update(director_email="jan.janssens@example.be")
    nobody = factories.make_application(call=call, members=("Gent",), complete=False)
    with at(2023, 1, 14, 9, 0):
        sweep()
    assert recipients(mail.outbox) == {"an.peeters@example.be", "jan.janssens@example.be"}
    lost = Notification.objects.get(application=nobody)
    assert lost.status == Status.FAILED and lost.error.endswith("Geen e-mailadres bekend.")


def test_the_same_claim_twice_sends_once(people):
    with at(2023, 1, 8, 9, 0):
        first, second = claim_due(timezone.now()), claim_due(timezone.now())
        services.deliver_many(first + second + first)
    assert len(first) == 3 and second == []
    assert len(mail.outbox) == 3


class FlakyBackend:
    """Refuses the first two messages, then accepts."""

    failures = 0

    def __init__(self, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    __enter__ = lambda self: self  # noqa: E731
    __exit__ = lambda self, *exc: None  # noqa: E731

    def send_messages(self, messages):
        if FlakyBackend.failures < 2:
            FlakyBackend.failures += 1
            raise ConnectionRefusedError("SMTP-server onbereikbaar")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_failed_send_is_recorded_and_retried_with_growing_waits(call, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 0
    factories.make_application(call=call)
    with at(2023, 1, 14, 9, 0) as traveller:
        sweep()
        n = Notification.objects.get()
        assert (n.status, n.attempts) == (Status.RETRYING, 1) and "SMTP-server onbereikbaar" in n.error
        assert n.next_attempt_at == timezone.now() + timedelta(minutes=1)
        traveller.shift(timedelta(seconds=59))
        assert sweep() == [] and services.deliver(n.pk) is None  # not before its time
        traveller.shift(timedelta(seconds=1))
        sweep()
        n.refresh_from_db()
        assert (n.status, n.attempts) == (Status.RETRYING, 2)
        assert n.next_attempt_at == timezone.now() + timedelta(minutes=2)
        traveller.shift(timedelta(minutes=2))
        sweep()
    n.refresh_from_db()
    assert (n.status, n.attempts, n.error) == (Status.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_it_stays_failed_and_visible(call, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = -100
    factories.make_application(call=call)
    with at(2023, 1, 14, 9, 0) as traveller:
        for _attempt in range(services.MAX_ATTEMPTS + 2):
            sweep()
            traveller.shift(timedelta(hours=1))
    n = Notification.objects.get()
    assert (n.status, n.attempts) == (Status.FAILED, services.MAX_ATTEMPTS) and mail.outbox == []


def test_a_claim_whose_send_task_was_lost_is_sent_by_a_later_sweep(people):
    with at(2023, 1, 8, 9, 0) as traveller:
        claim_due(timezone.now())  # the worker died before enqueueing
        traveller.shift(timedelta(minutes=15))
        sweep()
    assert len(mail.outbox) == 3
    assert not Notification.objects.exclude(status=Status.SENT).exists()


def test_clarification_reminder_two_days_before_its_deadline_only_while_unanswered(call):
    application = factories.make_application(call=call)
    cast = make_cast(application.applicant)
    place_in(ApplicationStatus.AANVULLING_GEVRAAGD, cast, application)  # deadline 10/02/2023 14:00
    with at(2023, 2, 8, 8, 59):
        sweep()
    assert mail.outbox == []
    with at(2023, 2, 8, 9, 0):
        sweep()
        sweep()
    (message,) = mail.outbox
    assert message.to == ["an.peeters@example.be"]
    assert "Welke partners?" in message.body and "10/02/2023 14:00" in message.body
    assert Notification.objects.get().kind == Kind.CLARIFICATION_REMINDER


def test_reviewer_is_reminded_once_when_a_dossier_waits_longer_than_the_call_allows(call):
    application = factories.make_application(call=call)
    cast = make_cast(application.applicant)
    place_in(ApplicationStatus.ONTVANKELIJK, cast, application)
    with at(2023, 1, 20, 10, 0) as traveller:
        ReviewAssignment.objects.create(application=application, reviewer=cast.reviewer,
                                        assigned_by=cast.admin)
        traveller.shift(timedelta(days=call.review_wait_days) - timedelta(minutes=1))
        sweep()
        assert mail.outbox == []
        traveller.shift(timedelta(minutes=1))
        sweep()
        traveller.shift(timedelta(days=3))
        sweep()
    (message,) = mail.outbox
    assert message.to == [cast.reviewer.email] and "LR-TEST" in message.body


def test_the_sweep_runs_the_same_number_of_queries_for_10_or_many_drafts(call, django_assert_num_queries):
    # SQLite takes at most 999 parameters per statement (about 55 claims), so Django splits
    # bigger inserts there; PostgreSQL inserts any number of claims in one statement.
    many = 1000 if connection.vendor == "postgresql" else 50
    factories.bulk_drafts(call, 10, prefix="TIEN")
    with at(2023, 1, 13, 9, 0), CaptureQueriesContext(connection) as few:
        assert len(run_sweep().claimed_ids) == 10
    factories.bulk_drafts(call, many - 10, prefix="VEEL")
    with at(2023, 1, 14, 9, 0), django_assert_num_queries(len(few)):
        assert len(run_sweep().claimed_ids) == many


def test_send_reminders_command_prints_what_it_sends_and_dry_run_sends_nothing(people):
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--at", "2023-01-08T09:00+01:00", stdout=out)
    assert "zou versturen: herinnering aan de deadline (7 d) → an.peeters@example.be" in out.getvalue()
    assert "3 herinnering(en) zouden verstuurd worden." in out.getvalue()
    assert mail.outbox == [] and not Notification.objects.exists()
    out = StringIO()
    call_command("send_reminders", "--at", "2023-01-08T09:00+01:00", stdout=out)
    assert "verzonden: herinnering aan de deadline (7 d) → info@regio-brugge.be" in out.getvalue()
    assert "3 herinnering(en) verstuurd." in out.getvalue() and len(mail.outbox) == 3
    out = StringIO()
    call_command("send_reminders", "--at", "2023-01-08T09:00+01:00", stdout=out)
    assert out.getvalue().strip() == "0 herinnering(en) verstuurd."


def test_send_reminders_refuses_a_moment_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ongeldig tijdstip"):
        call_command("send_reminders", "--at", "morgen")




@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_claim_each_reminder_once(call):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    factories.bulk_drafts(call, 500, prefix="SAMEN")
    moment = datetime(2023, 1, 8, 9, 0, tzinfo=BRUSSELS)

    def one_sweep(_):
        try:
            return run_sweep(moment).claimed_ids
        finally:
            connections.close_all()

    with ThreadPoolExecutor(4) as pool:
        claimed = list(pool.map(one_sweep, range(4)))
    everything = [pk for ids in claimed for pk in ids]
    assert len(everything) == len(set(everything)) == 500 == Notification.objects.count()


def test_the_sweep_is_scheduled_as_data_that_the_admin_can_change(db):
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    # The schedule is the data migration's: a transactional test run before this one on the same
    # worker empties every table, so the migration's own step puts it back if it is gone.
    migration = import_module("notifications.migrations.0002_sweep_schedule")
    assert [op.code for op in migration.Migration.operations] == [migration.create_schedule]
    if not PeriodicTask.objects.filter(task="notifications.sweep").exists():
        migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="notifications.sweep")
    assert task.enabled and task.crontab.minute == "*/15" and str(task.crontab.timezone) == "Europe/Brussels"
    assert "notifications.sweep" in app.tasks


@pytest.mark.parametrize("claimed, messages", [(1, 1), (1_000, 20), (100_000, 200), (300_000, 600)])
def test_the_sweep_hands_every_claim_to_exactly_one_batch(monkeypatch, claimed, messages):
    """Few broker messages for a big sweep, each claim in one of them, no batch too big to send
    within the task's time limit."""
    queued = []
    monkeypatch.setattr(tasks.send_notifications, "apply_async",
                        lambda args, producer: queued.append(args[0]))
    ids = list(range(claimed))

    assert tasks.enqueue(ids) == len(queued) == messages
    assert sorted(i for batch in queued for i in batch) == ids
    assert max(len(batch) for batch in queued) <= tasks.MAX_BATCH
