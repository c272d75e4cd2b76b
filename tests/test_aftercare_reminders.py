"""The yearly report's reminders: before and after its due date (call data), to the granted
dossiers that have not submitted that year's report, each due moment exactly once — also
when the sweep runs twice or the worker dies half-way through sending."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.backends import DatabaseBackend
from notifications.models import Kind, Notification, RecordedEmail, Status
from notifications.sweep import claim_due, run_sweep
from tests import aftercare_world as w
from tests.lifecycle import BRUSSELS

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=BRUSSELS), tick=False)


def sweep() -> list:
    result = run_sweep()
    return services.deliver_many(result.claimed_ids + result.resend_ids)


def report_mails():
    return [m for m in mail.outbox if "jaarverslag" in m.subject]


@pytest.fixture
def world(call):
    return w.granted_world(call)


def test_a_month_before_the_due_date_the_granted_dossier_is_reminded_once_however_often_swept(world):
    with at(2024, 3, 1, 9, 0):  # 30 days before 31/03/2024, at the call's reminder time
        sweep()
        sweep()
    with at(2024, 3, 1, 15, 0):
        sweep()
    (message,) = report_mails()
    assert message.subject == "Herinnering: uw jaarverslag Lokale Regie (LR-2023-001)"
    assert (
        "Het jaarverslag 2023 van dossier LR-2023-001 moet uiterlijk op 31/03/2024 ingediend zijn."
        in message.body
    )
    assert message.to == ["an.peeters@example.be"]


def test_after_the_due_date_an_unsent_report_is_reminded_as_overdue(world):
    with at(2024, 4, 7, 9, 0):  # -7: a week after
        sweep()
    (message,) = report_mails()
    assert "moest uiterlijk op 31/03/2024 ingediend zijn. We ontvingen het nog niet." in message.body


@pytest.mark.parametrize("moment", [(2024, 2, 29, 9, 0), (2024, 3, 2, 9, 0), (2024, 3, 31, 9, 0)])
def test_nothing_is_sent_between_the_reminder_moments(world, moment):
    with at(*moment):
        sweep()
    assert report_mails() == []


def test_a_submitted_report_is_not_reminded(world):
    with at(2024, 2, 20, 9, 0):
        w.submitted_report(world, 2023)
    with at(2024, 3, 1, 9, 0):
        sweep()
    assert report_mails() == []


def test_a_worker_killed_while_sending_leaves_the_reminder_to_be_sent_once_later(world, settings):
    """The worker dies inside the send (SystemExit is no Exception: nothing catches it): the
    e-mail and its mark roll back together, the claim stays pending, a later sweep sends it."""
    settings.EMAIL_BACKEND = f"{__name__}.DyingBackend"
    with at(2024, 3, 1, 9, 0) as traveller:
        claimed = claim_due(timezone.now())
        with pytest.raises(SystemExit):
            services.deliver_many(claimed)
        assert Notification.objects.get(kind=Kind.REPORT_REMINDER).status == Status.PENDING
        settings.EMAIL_BACKEND = "notifications.backends.DatabaseBackend"
        sweep()  # too soon: the claim may still be with a live worker
        assert RecordedEmail.objects.count() == 0
        traveller.shift(timedelta(minutes=15))
        sweep()
        sweep()
    assert RecordedEmail.objects.filter(subject__startswith="Herinnering: uw jaarverslag").count() == 1
    assert Notification.objects.get(kind=Kind.REPORT_REMINDER).status == Status.SENT


def test_a_moved_due_date_is_a_new_due_moment(world):
    with at(2024, 3, 1, 9, 0):
        sweep()
    world.application.call.report_due_dates.filter(year=2023).update(due_on="2024-04-30")
    with at(2024, 3, 31, 9, 0):
        sweep()
    assert [m.body.count("30/04/2024") for m in report_mails()] == [0, 1]


def test_the_sweep_claims_report_reminders_in_the_same_number_of_queries_for_1_or_5_dossiers(
    call, django_assert_max_num_queries
):
    w.granted_world(call)
    with at(2024, 3, 1, 9, 0), CaptureQueriesContext(connection) as one:
        assert len(run_sweep().claimed_ids) == 1
    for n in range(4):
        w.granted_world(call, name=f"Regio {n}", lead=["Gent", "Brugge", "Aalst", "Genk"][n])
    with at(2024, 3, 24, 9, 0), django_assert_max_num_queries(len(one)):
        assert len(run_sweep().claimed_ids) == 5


class DyingBackend(DatabaseBackend):
    def send_messages(self, email_messages) -> int:
        super().send_messages(email_messages)
        raise SystemExit("the worker is killed")
