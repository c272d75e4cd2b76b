"""An extension (uitstel) for one application (issue 15): granted through the department's page
and through the API, audited, shown to the applicant with the deadline, moving their reminders,
withdrawn before it runs out; a submission after the call's deadline and before the extension's
end is accepted for that application only."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from grants.roles import Role
from notifications import services as notification_services
from notifications.sweep import run_sweep
from tests import factories
from tests.api_world import API, assert_error, client_for
from tests.lifecycle import BRUSSELS
from workflow import services
from workflow.exceptions import GuardFailed
from workflow.models import AuditEvent, AuditKind, SubmissionExtension

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = datetime(2023, 1, 15, 20, 0, tzinfo=BRUSSELS)  # deadline night
AFTER_DEADLINE = datetime(2023, 1, 18, 10, 0, tzinfo=BRUSSELS)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def late(call):
    """A complete draft of a verband whose council had to meet again: it gets the extension."""
    application = factories.make_application(call=call, members=("Kortrijk", "Kuurne", "Harelbeke"))
    application.contact_email = "laat@example.be"
    application.save()
    factories.make_user(organisation=application.applicant, username="laat")
    return application


@pytest.fixture
def on_time(call):
    application = factories.make_application(call=call, members=("Gent",))
    factories.make_user(organisation=application.applicant, username="tijdig")
    return application


@pytest.fixture
def admin(reference_data):
    return factories.make_user(Role.BEHEERDER, username="beheerder")


def test_the_department_grants_an_extension_on_its_page_and_the_applicant_sees_it(
        client, call, late, on_time, admin):
    client.force_login(admin)
    url = reverse("department-extensions", args=[call.code])
    with at(BEFORE_DEADLINE):
        assert client.get(url).status_code == 200
        response = client.post(url, {"application": late.pk, "day": "22/01/2023", "hour": "23:59",
                                     "reason": "De gemeenteraad van Kuurne vergadert pas op 19/01."})
    assert response.status_code == 302
    extension = SubmissionExtension.objects.get(application=late)
    assert extension.until == datetime(2023, 1, 22, 23, 59, tzinfo=BRUSSELS)
    event = AuditEvent.objects.get(application=late, kind=AuditKind.EXTENSION)
    assert event.actor == admin and event.visible_to_applicant

    client.force_login(late.applicant.users.get())
    with at(AFTER_DEADLINE):
        page = client.get(reverse("application-overview", args=[late.pk])).content.decode()
        home = client.get(reverse("home")).content.decode()
    expected = "Uitstel: u kunt deze aanvraag indienen tot zondag 22 januari 2023 om 23:59 (Brusselse tijd)."
    assert expected in page and expected in home
    assert "De gemeenteraad van Kuurne vergadert pas op 19/01." in page

    # A wrong input changes nothing and says why.
    client.force_login(admin)
    response = client.post(url, {"application": on_time.pk, "day": "10/01/2023", "hour": "23:59",
                                 "reason": "Te vroeg"})
    assert response.status_code == 400
    assert "Het uitstel moet na de deadline van de oproep eindigen." in response.content.decode()
    assert not SubmissionExtension.objects.filter(application=on_time).exists()


def test_the_api_grants_and_withdraws_an_extension_for_the_administrator_only(call, late, on_time, admin):
    url = f"{API}/applications/{late.pk}/extensions/"
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    with at(BEFORE_DEADLINE):
        assert_error(client_for(reviewer).post(url, {"until": "2023-01-20T12:00", "reason": "Ziekte"},
                                               format="json"), 403)
        assert_error(client_for(on_time.applicant.users.get()).get(url), 404)  # not theirs: not even that
        error = assert_error(client_for(admin).post(url, {"until": "2023-01-20T12:00"}, format="json"), 400)
        assert "reason" in error["fields"]
        response = client_for(admin).post(url, {"until": "20/01/2023 12:00", "reason": "Ziekte van de "
                                                "regisseur"}, format="json")
    assert response.status_code == 201, response.content
    until = SubmissionExtension.objects.get(application=late).until
    assert until == datetime(2023, 1, 20, 12, 0, tzinfo=BRUSSELS)
    (shown,) = client_for(late.applicant.users.get()).get(url).json()
    assert shown["reason"] == "Ziekte van de regisseur"
    assert shown["until"].startswith("2023-01-20T12:00:00+01:00")

    with at(AFTER_DEADLINE):
        assert client_for(admin).delete(url).status_code == 204
        assert_error(client_for(admin).delete(url), 409)
    assert not SubmissionExtension.objects.exists()
    assert AuditEvent.objects.filter(application=late, kind=AuditKind.EXTENSION_WITHDRAWN,
                                     visible_to_applicant=True).exists()
    with at(AFTER_DEADLINE), pytest.raises(GuardFailed):
        services.fire(late.applicant.users.get(), late.pk, "submit", {"declaration": "on"})


def test_after_the_deadline_only_the_application_with_an_extension_may_be_submitted(late, on_time, admin):
    with at(BEFORE_DEADLINE):
        services.grant_extension(admin, late.pk, datetime(2023, 1, 22, 23, 59, tzinfo=BRUSSELS), "Raad")
    with at(AFTER_DEADLINE):
        with pytest.raises(GuardFailed, match="De indiendatum is voorbij"):
            services.fire(on_time.applicant.users.get(), on_time.pk, "submit", {"declaration": "on"})
        dossier = services.fire(late.applicant.users.get(), late.pk, "submit", {"declaration": "on"})
    assert dossier.status == "ingediend"
    # Past the extension's end, withdrawing it is refused: it ran out.
    with at(datetime(2023, 1, 23, 9, 0, tzinfo=BRUSSELS)), pytest.raises(Exception, match="al verstreken"):
        services.withdraw_extension(admin, late.pk)


def test_the_reminders_move_with_the_extension(call, late, on_time, admin):
    with at(BEFORE_DEADLINE.replace(day=1)):
        services.grant_extension(admin, late.pk, datetime(2023, 1, 22, 23, 59, tzinfo=BRUSSELS), "Raad")

    def sweep(moment):
        mail.outbox.clear()
        with at(moment):
            result = run_sweep()
            notification_services.deliver_many(result.claimed_ids + result.resend_ids)
        return [m for m in mail.outbox if m.subject.startswith("Herinnering: uw aanvraag")]

    # The call's last reminder (one day before its deadline) skips the extended draft ...
    (message,) = sweep(datetime(2023, 1, 14, 9, 0, tzinfo=BRUSSELS))
    assert "15/01/2023 23:59" in message.body and message.to == ["an.peeters@example.be"]
    # ... which is reminded one day before its own end, naming it.
    (message,) = sweep(datetime(2023, 1, 21, 9, 0, tzinfo=BRUSSELS))
    assert "22/01/2023 23:59" in message.body and message.to == ["laat@example.be"]
    assert sweep(datetime(2023, 1, 21, 9, 30, tzinfo=BRUSSELS)) == []  # once
