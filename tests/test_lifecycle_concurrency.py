"""Races on PostgreSQL: twenty beslissers approve the same proposal at the same moment (one
wins, the others hear that someone was first, the database holds one decision); and a clerk
saves the plan while a colleague submits (the submission wins, the save changes nothing)."""

import threading
import time

import pytest
from django.db import connections, transaction

from grants import services as grant_services
from grants.models import Application, ApplicationStatus
from grants.roles import Role
from grants.services import NotEditable
from tests import factories
from tests.lifecycle import make_cast, place_in
from workflow import services
from workflow.exceptions import TransitionConflict
from workflow.models import AuditEvent, ConflictDeclaration, DecisionProposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_decisions_leave_exactly_one(call):
    application = factories.make_application(call=call)
    cast = make_cast(application.applicant)
    place_in(ApplicationStatus.BESLISSING_VOORGESTELD, cast, application)
    deciders = [factories.make_user(Role.BESLISSER) for _ in range(20)]
    ConflictDeclaration.objects.bulk_create(  # each declares no conflict, as a beslisser must first
        ConflictDeclaration(application=application, reviewer=user, has_conflict=False) for user in deciders)
    start = threading.Barrier(len(deciders))
    outcomes = []

    def decide(user):
        try:
            start.wait()
            services.fire(user, application.pk, "approve_decision")
            outcomes.append("approved")
        except TransitionConflict as conflict:
            outcomes.append(conflict.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("approved") == 1
    refusals = [o for o in outcomes if o != "approved"]
    assert len(refusals) == 19 and all("intussen" in message for message in refusals)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.TOEGEKEND
    assert AuditEvent.objects.filter(transition="approve_decision").count() == 1
    assert DecisionProposal.objects.filter(approved_at__isnull=False).count() == 1


def test_a_save_that_waits_for_a_submission_changes_nothing(call):
    """The save is one conditional UPDATE: it waits for the submission's row lock, then finds
    the committed row no longer editable, and the clerk is told so."""
    application = factories.make_application(call=call)
    clerk = factories.make_user(Role.AANVRAGER, organisation=application.applicant)
    locked, saving = threading.Event(), threading.Event()
    outcome = []

    def submit():  # holds the row lock, like workflow.services.fire, until the save is waiting
        try:
            with transaction.atomic():
                Application.objects.select_for_update().get(pk=application.pk)
                locked.set()
                saving.wait(timeout=10)
                wait_until_a_query_waits_for_a_lock()
                Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.INGEDIEND)
        finally:
            connections.close_all()

    def save():
        locked.wait(timeout=10)
        saving.set()
        try:
            grant_services.save_plan(clerk, application.pk, {"vision": "Te laat gewijzigd."})
            outcome.append("saved")
        except NotEditable as refusal:
            outcome.append(refusal.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcome) == 1 and "kan niet meer gewijzigd worden" in outcome[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INGEDIEND
    assert application.vision != "Te laat gewijzigd."


def wait_until_a_query_waits_for_a_lock(seconds=10):
    with connections["default"].cursor() as cursor:
        for _ in range(seconds * 20):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees its first snapshot
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND datname = current_database()")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the save never waited for the submission's lock")
