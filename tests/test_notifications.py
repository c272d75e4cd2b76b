"""E-mails on the workflow's events (receipt, clarification asked, answer received, decision
with its letter), each stored and shown: to the department all, to applicants their own."""

import email
import email.policy
import hashlib
import os
import subprocess
import sys
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from grants.models import ApplicationStatus
from grants.roles import Role
from notifications import tasks
from notifications.models import Kind, Notification, Status
from tests import factories
from tests.lifecycle import BRUSSELS, DURING_CALL, declare, make_cast, place_in
from workflow import services
from workflow.models import ApplicationVersion, DecisionLetter, ReviewAssignment
from workflow.signals import letter_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_tasks():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def application(call):
    return factories.make_application(call=call)


@pytest.fixture
def cast(application):
    cast = make_cast(application.applicant)
    declare(cast, application)
    return cast


def fire(user, application, step, data=None, callbacks=None):
    with callbacks(execute=True):
        services.fire(user, application.pk, step, data)


def submitted(application, cast, callbacks):
    with time_machine.travel(DURING_CALL, tick=False):
        fire(cast.member, application, "submit", {"declaration": "on"}, callbacks)


def test_submission_gets_a_receipt_with_dossier_number_time_and_fingerprint(
        application, cast, django_capture_on_commit_callbacks):
    submitted(application, cast, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    version = ApplicationVersion.objects.get(application=application)
    assert message.to == ["an.peeters@example.be"]
    assert message.subject == "Ontvangstbevestiging van uw aanvraag Lokale Regie (LR-2023-001)"
    assert "op 10/01/2023 14:00 (Brusselse tijd)" in message.body
    assert "Uw dossiernummer is LR-2023-001." in message.body and version.sha256 in message.body
    assert "<strong>LR-2023-001</strong>" in message.alternatives[0][0]
    n = Notification.objects.get()
    assert (n.kind, n.status, n.recipient, n.subject) == (Kind.RECEIPT, Status.SENT, message.to[0],
                                                          message.subject)


def test_a_clarification_request_mails_the_question_and_its_deadline(
        application, cast, django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.IN_BEOORDELING, cast, application)
    with time_machine.travel(DURING_CALL, tick=False):
        fire(cast.reviewer, application, "request_clarification",
             {"question": "Welke partners & wanneer?", "deadline": "24/01/2023"},
             django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["an.peeters@example.be"]
    assert "Welke partners & wanneer?" in message.body  # plain text is not HTML-escaped
    assert "Welke partners &amp; wanneer?" in message.alternatives[0][0]
    assert "U kunt antwoorden tot 24/01/2023 23:59" in message.body


def test_an_answer_is_announced_to_the_assigned_reviewer(application, cast,
                                                         django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.AANVULLING_GEVRAAGD, cast, application)
    ReviewAssignment.objects.create(application=application, reviewer=cast.proposer, assigned_by=cast.admin)
    with time_machine.travel(DURING_CALL, tick=False):
        fire(cast.member, application, "resubmit", {"answer": "Met VDAB en het OCMW."},
             django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [cast.proposer.email]
    assert "Met VDAB en het OCMW." in message.body
    assert Notification.objects.get().kind == Kind.ANSWER_RECEIVED


def test_the_decision_mail_carries_the_letter_as_pdf(application, cast, django_capture_on_commit_callbacks):
    application = place_in(ApplicationStatus.TOEGEKEND, cast, application)
    letter = DecisionLetter(application=application, call=application.call, sequence=1,
                            sha256=hashlib.sha256(factories.PDF_BYTES).hexdigest())
    letter.file.save("brief.pdf", ContentFile(factories.PDF_BYTES), save=False)
    letter.save()
    letter_ready.send(sender=DecisionLetter, application_id=application.pk, letter_id=letter.pk)
    letter_ready.send(sender=DecisionLetter, application_id=application.pk, letter_id=letter.pk)  # twice
    (message,) = mail.outbox
    assert "is beslist: toegekend" in message.body
    ((name, content, mimetype),) = message.attachments
    assert (name, content, mimetype) == (f"beslissingsbrief-{application.dossier_number}.pdf",
                                         factories.PDF_BYTES, "application/pdf")


def test_a_retried_event_task_sends_nothing_twice(application, cast, django_capture_on_commit_callbacks):
    submitted(application, cast, django_capture_on_commit_callbacks)
    event_id = Notification.objects.get().ref_id
    tasks.notify_event("submit", event_id)
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_steps_without_an_e_mail_send_none(application, cast, django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.BESLISSING_VOORGESTELD, cast, application)
    with time_machine.travel(DURING_CALL, tick=False):
        fire(cast.decider, application, "return_to_review", {"comment": "Motivering aanvullen."},
             django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Notification.objects.exists()


# The pages ------------------------------------------------------------------------------

def notifications_for(application, count, kind=Kind.RECEIPT):
    Notification.objects.bulk_create(
        Notification(kind=kind, recipient=f"r{i}@example.be", scope=f"test:{application.pk}:{i}",
                     application=application, call=application.call, claimed_by="0" * 32,
                     status=Status.SENT, subject=f"Melding-{application.pk}-{i}",
                     sent_at=datetime(2023, 1, 10, 14, 0, tzinfo=BRUSSELS))
        for i in range(count))


def test_an_applicant_sees_only_its_own_organisations_e_mails(application, cast, client):
    other = factories.make_application(call=application.call, members=("Gent",))
    notifications_for(application, 2)
    notifications_for(application, 1, kind=Kind.REVIEW_REMINDER)  # internal
    notifications_for(other, 3)
    client.force_login(cast.member)
    page = client.get(reverse("my-notifications")).content.decode()
    assert f"Melding-{application.pk}-0" in page and f"Melding-{application.pk}-1" in page
    assert "10/01/2023 14:00" in page
    assert f"Melding-{other.pk}-" not in page and page.count("Melding-") == 2


def test_the_department_sees_every_e_mail_with_its_error_and_can_filter(application, cast, client):
    notifications_for(application, 2)
    Notification.objects.filter(recipient="r1@example.be").update(
        status=Status.FAILED, error="SMTP-server onbereikbaar")
    client.force_login(cast.reviewer)
    page = client.get(reverse("department-notifications")).content.decode()
    assert "r0@example.be" in page and "SMTP-server onbereikbaar" in page
    page = client.get(reverse("department-notifications"), {"status": Status.FAILED}).content.decode()
    assert "r1@example.be" in page and "r0@example.be" not in page


def test_applicants_and_strangers_cannot_open_the_department_list(application, cast, client):
    assert client.get(reverse("department-notifications")).status_code == 302  # to the login page
    client.force_login(cast.member)
    assert client.get(reverse("department-notifications")).status_code == 404


@pytest.mark.parametrize("url_name, role", [("my-notifications", "member"),
                                            ("department-notifications", "reviewer")])
def test_the_lists_run_the_same_number_of_queries_for_10_or_50_e_mails(
        application, cast, client, django_assert_num_queries, url_name, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast[role])
    notifications_for(application, 10)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    Notification.objects.all().delete()
    notifications_for(application, 50)
    with django_assert_num_queries(len(few)):
        client.get(reverse(url_name))


def test_the_admin_lists_notifications(application, client):
    notifications_for(application, 3)
    admin = factories.make_user(Role.BEHEERDER)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:notifications_notification_changelist")).content.decode()
    assert "r2@example.be" in page


def test_the_demo_prints_one_short_line_per_e_mail_and_files_the_whole_message(tmp_path, capsys):
    message = mail.EmailMessage("Beslissing over uw aanvraag LR-2023-001", "Zie de brief in bijlage.",
                                to=["regisseur@kortrijk.be"])
    message.attach("beslissingsbrief.pdf", factories.PDF_BYTES * 200, "application/pdf")
    connection = mail.get_connection("notifications.backends.DemoBackend", folder=tmp_path / "mail")
    assert connection.send_messages([message]) == 1

    lines = capsys.readouterr().out.splitlines()
    [filed] = (tmp_path / "mail").iterdir()
    assert lines == [f'E-mail aan regisseur@kortrijk.be: "Beslissing over uw aanvraag LR-2023-001", '
                     f"1 bijlage(n) -> {filed}"]
    parsed = email.message_from_bytes(filed.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Beslissing over uw aanvraag LR-2023-001"
    [pdf] = parsed.iter_attachments()
    assert pdf.get_content() == factories.PDF_BYTES * 200


def test_the_demo_without_an_e_mail_configuration_uses_the_demo_backend():
    env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_BACKEND", "DJANGO_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    printed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True).stdout
    assert printed.strip() == "notifications.backends.DemoBackend"
