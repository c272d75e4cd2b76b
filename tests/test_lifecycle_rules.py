"""The rules around the steps: the deadline to the second, extensions, completeness, one
application per municipality, the audit trail, snapshots, side effects after the commit."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants.models import Action, ApplicationMunicipality, ApplicationStatus
from grants.roles import Role
from tests import factories
from tests.lifecycle import BRUSSELS, DURING_CALL, declare, make_cast
from workflow import services
from workflow.changes import Change, readable_changes
from workflow.exceptions import GuardFailed, TransitionConflict
from workflow.models import ApplicationVersion, AuditEvent
from workflow.signals import transition_committed

pytestmark = pytest.mark.django_db

SUBMIT = {"declaration": "on"}


@pytest.fixture
def application(call):
    return factories.make_application(call=call)


@pytest.fixture
def member(application):
    return factories.make_user(Role.AANVRAGER, organisation=application.applicant)


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=BRUSSELS), tick=False)


@pytest.mark.parametrize("moment", [(2023, 1, 15, 23, 59, 59), (2023, 1, 15, 23, 59, 59, 999999)])
def test_submission_in_the_last_second_is_on_time(application, member, moment):
    with at(*moment):
        dossier = services.fire(member, application.pk, "submit", SUBMIT)
    assert dossier.status == ApplicationStatus.INGEDIEND
    assert dossier.dossier_number == "LR-2023-001"
    assert timezone.localtime(dossier.submitted_at).strftime("%d/%m/%Y %H:%M:%S") == "15/01/2023 23:59:59"


def test_submission_at_midnight_is_refused_and_changes_nothing(application, member):
    with at(2023, 1, 16, 0, 0, 0), pytest.raises(GuardFailed) as refused:
        services.fire(member, application.pk, "submit", SUBMIT)
    assert "15/01/2023 om 23:59" in refused.value.messages[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONCEPT and application.dossier_number is None
    assert not AuditEvent.objects.exists() and not ApplicationVersion.objects.exists()


def test_an_extension_granted_by_an_administrator_lets_that_applicant_submit_late(application, member):
    admin = factories.make_user(Role.BEHEERDER)
    until = datetime(2023, 1, 20, 12, 0, tzinfo=BRUSSELS)
    with at(2023, 1, 16, 9, 0):
        services.grant_extension(admin, application.pk, until, "Overstroming van het gemeentehuis.")
    with at(2023, 1, 20, 11, 59, 59):
        assert services.fire(member, application.pk, "submit", SUBMIT).status == ApplicationStatus.INGEDIEND
    extension_event = AuditEvent.objects.get(kind="extension")
    assert extension_event.actor == admin and "Overstroming" in extension_event.message  # for the applicant


def test_an_extension_ends_too(application, member):
    admin = factories.make_user(Role.BEHEERDER)
    with at(2023, 1, 16, 9, 0):
        services.grant_extension(
            admin, application.pk, datetime(2023, 1, 20, 12, 0, tzinfo=BRUSSELS), "Ziekte"
        )
    with at(2023, 1, 20, 12, 0, 1), pytest.raises(GuardFailed):
        services.fire(member, application.pk, "submit", SUBMIT)


def test_only_an_administrator_grants_an_extension_and_always_with_a_reason(application, member):
    until = datetime(2023, 1, 20, 12, 0, tzinfo=BRUSSELS)
    with pytest.raises(PermissionDenied):
        services.grant_extension(factories.make_user(Role.DOSSIERBEHANDELAAR), application.pk, until, "x")
    with pytest.raises(ValidationError) as error:
        services.grant_extension(factories.make_user(Role.BEHEERDER), application.pk, until, "  ")
    assert "reden" in str(error.value)
    assert not AuditEvent.objects.exists()


def test_an_incomplete_application_cannot_be_submitted_and_is_told_what_is_missing(call):
    application = factories.make_application(call=call, complete=False, members=("Kuurne",))
    member = factories.make_user(organisation=application.applicant)
    with at(2023, 1, 10, 12, 0), pytest.raises(GuardFailed) as refused:
        services.fire(member, application.pk, "submit", SUBMIT)
    messages = " ".join(refused.value.messages)
    assert "WSE-LR3" in messages and "2025" in messages
    assert "60.000" in messages  # Kuurne alone has fewer inhabitants than the minimum
    assert "Gemeenteraadsbeslissing (Kuurne)" in messages


def test_one_missing_action_for_one_year_blocks_the_submission(application, member):
    Action.objects.filter(application=application, priority__code="WSE-LR4").first().years.filter(
        year=2024
    ).delete()
    with at(2023, 1, 10, 12, 0), pytest.raises(GuardFailed) as refused:
        services.fire(member, application.pk, "submit", SUBMIT)
    assert refused.value.messages == ["Voeg voor 2024 minstens één actie toe onder WSE-LR4."]


def test_a_centrumstad_alone_is_exempt_from_the_minimum_population(call):
    city = factories.make_applicant(name="Stad Turnhout", kind="centrumstad", lead="Turnhout")
    application = factories.make_application(call=call, applicant=city, members=("Turnhout",))
    member = factories.make_user(organisation=city)
    with at(2023, 1, 10, 12, 0):
        assert services.fire(member, application.pk, "submit", SUBMIT).status == ApplicationStatus.INGEDIEND


def test_submission_needs_the_declaration_on_honour(application, member):
    with at(2023, 1, 10, 12, 0), pytest.raises(ValidationError) as error:
        services.fire(member, application.pk, "submit", {})
    assert "erewoord" in str(error.value)


def test_a_municipality_belongs_to_one_live_application_per_call(application, call):
    other = factories.make_application(call=call, members=("Menen",), complete=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.add_members(other, ["Kuurne"])
    member = factories.make_user(organisation=application.applicant)
    with at(2023, 1, 10, 12, 0):
        services.fire(member, application.pk, "withdraw", {"comment": "Samen met Menen"})
    factories.add_members(other, ["Kuurne"])  # withdrawn: Kuurne is free again
    assert ApplicationMunicipality.objects.filter(municipality__name="Kuurne", active=True).count() == 1


def test_each_transition_is_audited_in_utc_with_who_from_to_and_comment(application, member):
    with at(2023, 1, 10, 14, 0):
        services.fire(member, application.pk, "submit", SUBMIT)
        services.fire(member, application.pk, "withdraw", {"comment": "Toch niet."})
    events = list(
        AuditEvent.objects.order_by("pk").values_list(
            "transition", "from_status", "to_status", "actor", "comment", "message"
        )
    )
    assert events == [  # the applicant's own reason is text they keep reading: a message, not a remark
        ("submit", "concept", "ingediend", member.pk, "", ""),
        ("withdraw", "ingediend", "ingetrokken", member.pk, "", "Toch niet."),
    ]
    first = AuditEvent.objects.order_by("pk").first()
    assert first.at == datetime(2023, 1, 10, 13, 0, tzinfo=UTC)  # stored in UTC…
    assert timezone.localtime(first.at).strftime("%d/%m/%Y %H:%M") == "10/01/2023 14:00"  # …shown in Brussels


def test_the_audit_trail_is_append_only(application, member):
    with at(2023, 1, 10, 14, 0):
        services.fire(member, application.pk, "submit", SUBMIT)
    event = AuditEvent.objects.get()
    event.comment = "herschreven"
    for attempt in (
        event.save,
        event.delete,
        lambda: AuditEvent.objects.update(comment="x"),
        lambda: AuditEvent.objects.all().delete(),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert AuditEvent.objects.get().comment == ""


@pytest.mark.postgres
def test_postgres_itself_refuses_to_rewrite_the_audit_trail(application, member):
    from django.db import connection

    with at(2023, 1, 10, 14, 0):
        services.fire(member, application.pk, "submit", SUBMIT)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_auditevent SET comment = 'x'")


def test_submission_stores_an_immutable_snapshot_and_a_resubmission_a_new_version(application, member):
    cast = make_cast(application.applicant)
    declare(cast, application)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", SUBMIT)
        services.fire(cast.reviewer, application.pk, "declare_admissible")
        services.fire(cast.reviewer, application.pk, "start_assessment")
        services.fire(cast.reviewer, application.pk, "request_clarification", {"question": "Visie?"})
        application.refresh_from_db()
        application.vision = "Een scherpere visie."
        application.save()
        services.fire(member, application.pk, "resubmit", {"answer": "Zie de nieuwe visie."})
    first, second = ApplicationVersion.objects.order_by("number")
    assert (first.number, second.number) == (1, 2) and first.sha256 != second.sha256
    assert len(first.sha256) == 64 and first.data["attachments"][0]["sha256"]
    assert readable_changes(first.data, second.data) == [
        Change("Beleidsvisie", "Samen met VDAB iedereen aan het werk.", "Een scherpere visie.")
    ]
    with pytest.raises(ValidationError):
        first.save()


def test_side_effects_follow_only_after_the_commit(application, member, django_capture_on_commit_callbacks):
    received = []

    def receiver(**kwargs):
        received.append(kwargs["step"])

    transition_committed.connect(receiver)
    try:
        with at(2023, 1, 10, 12, 0), django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.fire(member, application.pk, "submit", SUBMIT)
        assert received == []  # nothing left the transaction before it committed
        for callback in callbacks:
            callback()
        assert received == ["submit"]
    finally:
        transition_committed.disconnect(receiver)


def test_a_refused_transition_sends_nothing(application, member, django_capture_on_commit_callbacks):
    with at(2023, 2, 1, 12, 0), django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed):
        services.fire(member, application.pk, "submit", SUBMIT)
    assert callbacks == []


def test_a_step_in_the_wrong_state_is_a_conflict_with_a_clear_message(application, member):
    with pytest.raises(TransitionConflict) as refused:
        services.fire(member, application.pk, "resubmit", {"answer": "x"})
    assert "status 'concept'" in refused.value.messages[0]


def test_a_decision_can_never_exceed_what_was_requested(application, member):
    cast = make_cast(application.applicant)
    declare(cast, application)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", SUBMIT)
        services.fire(cast.reviewer, application.pk, "declare_admissible")
        services.fire(cast.reviewer, application.pk, "start_assessment")
        with pytest.raises(ValidationError) as error:
            services.fire(
                cast.reviewer,
                application.pk,
                "propose_decision",
                {
                    "outcome": "gedeeltelijke_toekenning",
                    "motivation": "x",
                    "amount_2023": "60000",
                    "amount_2024": "-1",
                    "amount_2025": "0",
                },
            )
    text = str(error.value)
    assert "hoger dan de gevraagde subsidie (€ 50.000,00)" in text and "negatief" in text


def test_a_reviewer_with_a_conflict_is_refused_and_the_dossier_must_go_to_someone_else(application, member):
    cast = make_cast(application.applicant)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", SUBMIT)
    admin = cast.admin
    services.assign_reviewer(admin, [application.pk], cast.reviewer_conflicted)
    services.declare_conflict(cast.reviewer_conflicted, application.pk, True, "Mijn partner werkt er.")
    with pytest.raises(PermissionDenied, match="belangenconflict"):
        services.fire(cast.reviewer_conflicted, application.pk, "declare_admissible")
    with pytest.raises(ValidationError, match="belangenconflict"):
        services.assign_reviewer(admin, [application.pk], cast.reviewer_conflicted)
    assert services.assign_reviewer(admin, [application.pk], cast.reviewer) == 1


def test_the_admin_shows_the_audit_trail_but_cannot_change_or_delete_it(application, member, client):
    with at(2023, 1, 10, 14, 0):
        services.fire(member, application.pk, "submit", SUBMIT)
    event = AuditEvent.objects.get()
    admin = factories.make_user(Role.BEHEERDER)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    change_url = f"/admin/workflow/auditevent/{event.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"comment": "herschreven"}).status_code == 403
    assert client.post(f"/admin/workflow/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get().comment == ""
