"""E-mails and in-app notifications that reach every party (issue 15): the applicant on each
status change, the beslissers on a proposal, the reviewer on an assignment, every member
municipality with a copy of the decision and a reminder about its missing council decision;
and each department user's work queue. Each exactly once, also when the task runs twice."""

import hashlib
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from grants.models import ApplicationStatus, Municipality
from notifications import services, tasks
from notifications.models import Kind, Notification, Status
from notifications.sweep import run_sweep
from tests import factories
from tests import test_notifications as workflow_emails
from tests.lifecycle import BRUSSELS, DURING_CALL, place_in
from workflow import services as workflow
from workflow.models import AuditEvent, DecisionLetter
from workflow.signals import letter_ready

pytestmark = pytest.mark.django_db

# The same world as the workflow's e-mails: tasks run at once, a complete application, its cast.
eager_tasks = workflow_emails.eager_tasks
application, cast = workflow_emails.application, workflow_emails.cast


def fire(user, application, step, data, callbacks):
    with callbacks(execute=True), time_machine.travel(DURING_CALL, tick=False):
        workflow.fire(user, application.pk, step, data)


@pytest.mark.parametrize(("step", "source", "status"), [
    ("declare_admissible", ApplicationStatus.INGEDIEND, "ontvankelijk"),
    ("declare_inadmissible", ApplicationStatus.INGEDIEND, "onontvankelijk"),
    ("start_assessment", ApplicationStatus.ONTVANKELIJK, "in beoordeling"),
])
def test_the_applicant_hears_of_each_status_change_by_e_mail_and_in_the_app(
        client, application, cast, step, source, status, django_capture_on_commit_callbacks):
    place_in(source, cast, application)
    data = {"comment": "Er ontbreken gemeenteraadsbeslissingen."} if step == "declare_inadmissible" else None
    fire(cast.reviewer, application, step, data, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["an.peeters@example.be"]
    assert f"heeft een nieuwe status: {status}." in message.body
    event = AuditEvent.objects.get(application=application, transition=step)
    tasks.notify_event(step, event.pk)  # a retried task sends nothing twice
    assert len(mail.outbox) == 1
    client.force_login(cast.member)
    page = client.get(reverse("my-notifications")).content.decode()
    assert "Nieuwe status van uw aanvraag Lokale Regie" in page


def test_a_proposal_mails_every_beslisser_who_may_approve_it_and_waits_in_their_queue(
        client, application, cast, django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.IN_BEOORDELING, cast, application)
    proposal = {"outcome": "toekenning", "motivation": "Sterk plan.",
                "amount_2023": "50000.00", "amount_2024": "50000.00", "amount_2025": "50000.00"}
    fire(cast.proposer, application, "propose_decision", proposal, django_capture_on_commit_callbacks)
    recipients = {m.to[0] for m in mail.outbox}
    assert cast.decider.email in recipients and cast.decider_undeclared.email in recipients
    assert cast.proposer.email not in recipients  # never the proposer (four eyes)
    assert all(m.subject.startswith("Een beslissingsvoorstel wacht op een beslisser") for m in mail.outbox)

    client.force_login(cast.decider)
    page = client.get(reverse("department-queue")).content.decode()
    assert "Beslissingsvoorstel wacht op uw goedkeuring." in page and application.applicant.name in page
    client.force_login(cast.proposer)
    assert application.applicant.name not in client.get(reverse("department-queue")).content.decode()


def test_an_assignment_mails_the_reviewer_and_fills_their_queue(
        client, application, cast, django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.INGEDIEND, cast, application)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign_reviewer(cast.admin, [application.pk], cast.reviewer)
    (message,) = mail.outbox
    assert message.to == [cast.reviewer.email] and "is aan u toegewezen" in message.body
    client.force_login(cast.reviewer)
    page = client.get(reverse("department-queue")).content.decode()
    assert "Wacht op uw behandeling." in page and "LR-TEST" in page
    assert Notification.objects.get().kind == Kind.DOSSIER_ASSIGNED


def test_an_answered_clarification_is_first_in_the_reviewers_queue(
        client, application, cast, django_capture_on_commit_callbacks):
    place_in(ApplicationStatus.AANVULLING_GEVRAAGD, cast, application)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign_reviewer(cast.admin, [application.pk], cast.reviewer)
    fire(cast.member, application, "resubmit", {"answer": "Met VDAB."}, django_capture_on_commit_callbacks)
    assert {n.kind for n in Notification.objects.all()} == {Kind.DOSSIER_ASSIGNED, Kind.ANSWER_RECEIVED}
    client.force_login(cast.reviewer)
    assert "Aanvulling ontvangen" in client.get(reverse("department-queue")).content.decode()


def test_the_decision_goes_in_copy_to_every_member_municipality(application, cast):
    Municipality.objects.filter(name__in=["Kortrijk", "Kuurne"]).update(contact_email="stadhuis@example.be")
    Municipality.objects.filter(name="Kuurne").update(contact_email="info@kuurne.be")
    application = place_in(ApplicationStatus.TOEGEKEND, cast, application)
    letter = DecisionLetter(application=application, call=application.call, sequence=1,
                            sha256=hashlib.sha256(factories.PDF_BYTES).hexdigest())
    letter.file.save("brief.pdf", ContentFile(factories.PDF_BYTES), save=False)
    letter.save()
    for _ in range(2):  # a second signal (a re-run) sends nothing twice
        letter_ready.send(sender=DecisionLetter, application_id=application.pk, letter_id=letter.pk)
    copies = [m for m in mail.outbox if m.subject.startswith("Kopie")]
    assert sorted(m.to[0] for m in copies) == ["info@kuurne.be", "stadhuis@example.be"]
    assert all(len(m.attachments) == 1 and "In kopie aan de gemeente" in m.body for m in copies)
    assert len(mail.outbox) == 3  # and the letter itself to the applicant's contact
    # Harelbeke has no address: its copy is recorded as failed, so the department sees the gap.
    gap = Notification.objects.get(kind=Kind.DECISION_COPY, municipality__name="Harelbeke")
    assert gap.status == Status.FAILED


def test_a_member_municipality_missing_its_council_decision_is_reminded_by_name(call):
    draft = factories.make_application(call=call, members=("Kortrijk", "Kuurne", "Harelbeke"))
    draft.attachments.filter(municipality__name="Kuurne").delete()
    Municipality.objects.filter(name="Kuurne").update(contact_email="info@kuurne.be")
    Municipality.objects.filter(name="Harelbeke").update(contact_email="info@harelbeke.be")
    with time_machine.travel(datetime(2023, 1, 8, 9, 0, tzinfo=BRUSSELS), tick=False):
        for _ in range(2):
            result = run_sweep()
            services.deliver_many(result.claimed_ids + result.resend_ids)
    to_members = [m for m in mail.outbox if m.subject.startswith("Herinnering: de gemeenteraadsbeslissing")]
    (message,) = to_members  # Harelbeke's decision is there: only Kuurne
    assert message.to == ["info@kuurne.be"]
    assert "ontbreekt nog de gemeenteraadsbeslissing van Kuurne" in message.body
    assert "15/01/2023 23:59" in message.body


def test_the_queue_extensions_and_registrations_pages_run_as_many_queries_for_many_rows(client, call):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grants.models import Registration
    from grants.roles import Role
    from workflow.models import SubmissionExtension

    reviewer, admin = factories.make_user(Role.DOSSIERBEHANDELAAR), factories.make_user(Role.BEHEERDER)
    reviewer.groups.add(*admin.groups.all())
    kortrijk, kuurne = factories.municipalities("Kortrijk", "Kuurne")

    def grow(count):
        applications = factories.bulk_applications(call, count, prefix=f"Q{count}")
        workflow.assign_reviewer(admin, [a.pk for a in applications], reviewer)
        SubmissionExtension.objects.bulk_create(
            SubmissionExtension(application=a, until=call.deadline + timedelta(days=2), reason="Raad",
                                granted_by=admin) for a in applications)
        for i in range(count):
            registration = Registration.objects.create(
                name=f"Verband {count}-{i}", lead_municipality=kortrijk, registered_by=reviewer)
            registration.members.set([kortrijk, kuurne])

    urls = [reverse("department-queue"), reverse("department-extensions", args=[call.code]),
            reverse("department-registrations")]
    client.force_login(reviewer)

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    grow(2)
    few = queries()
    grow(30)
    assert queries() == few
