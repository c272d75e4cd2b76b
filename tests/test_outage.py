"""While the database or the broker is down a user gets "try again" (503, Retry-After, in
Dutch), never a stack trace; and a submission committed while the broker is down keeps its
receipt e-mail, which goes out once, later."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from config.celery import app as celery_app
from grants.models import ApplicationStatus
from notifications import tasks
from notifications.models import Kind, Notification, Status
from tests import factories
from workflow.models import DecisionLetter

TRY_AGAIN = "Probeer het over een halve minuut opnieuw"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as when PostgreSQL restarts under the connection."""
    def refused(*args, **kwargs):
        raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")
    return lambda: monkeypatch.setattr(connection, "cursor", refused)


@pytest.fixture
def broker_down(monkeypatch):
    def refused(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    monkeypatch.setattr(celery_app, "send_task", refused)


def assert_try_again_page(response):
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Even niet bereikbaar" in page and TRY_AGAIN in page
    assert "Traceback" not in page and "OperationalError" not in page


@pytest.mark.django_db
def test_a_page_while_the_database_is_down_says_try_again(client, clerk, database_down):
    database_down()
    assert_try_again_page(client.get(reverse("home")))


@pytest.mark.django_db
def test_a_middleware_hitting_the_database_down_gives_the_same_page(clerk, monkeypatch):
    def refused(self, request):
        raise OperationalError("server closed the connection unexpectedly")
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", refused)
    assert_try_again_page(Client(raise_request_exception=False).get(reverse("home")))


@pytest.mark.django_db
def test_any_other_failure_is_still_an_ordinary_500(clerk, monkeypatch):
    def broken(self, request):
        raise ValueError("a bug")
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", broken)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.django_db
def test_the_api_answers_in_its_error_shape(client, clerk, database_down):
    database_down()
    response = client.get("/api/v1/applications/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    error = response.json()["error"]
    assert error["status"] == 503 and error["code"] == "unavailable" and error["fields"] == {}
    assert TRY_AGAIN in error["message"]


def receipts():
    return [m for m in mail.outbox if "an.peeters@example.be" in m.to and "OEF-LR-2023-001" in m.body]


@pytest.mark.django_db(transaction=True)  # the e-mail is queued after a real commit
def test_a_submission_while_the_broker_is_down_succeeds_and_its_receipt_goes_out_once_later(
        client, clerk, region, open_call, monkeypatch):
    application = factories.make_application(call=open_call, applicant=region)
    with monkeypatch.context() as outage:
        outage.setattr(celery_app, "send_task", lambda *a, **k: (_ for _ in ()).throw(BrokerError("refused")))
        response = client.post(reverse("portal-submit", args=[application.pk]), {"declaration": "on"})
    assert response.status_code == 302
    assert response.url == reverse("portal-receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INGEDIEND
    assert Notification.objects.get(kind=Kind.RECEIPT).status == Status.PENDING
    assert receipts() == []

    celery_app.conf.task_always_eager = True  # the broker is back; the sweep runs every 15 minutes
    try:
        for minutes in (15, 30):
            with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
                tasks.sweep()
    finally:
        celery_app.conf.task_always_eager = False
    assert len(receipts()) == 1
    assert Notification.objects.get(kind=Kind.RECEIPT).status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_decision_while_the_broker_is_down_gets_its_letter_at_once(call, broker_down):
    application = factories.decide(factories.make_application(call))
    assert DecisionLetter.objects.filter(application=application).exists()
    assert Notification.objects.get(kind=Kind.DECISION).status == Status.PENDING
