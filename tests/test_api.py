"""The REST API: each endpoint for each role, the same visibility and state rules as the web
pages (404 for another organisation's data, 403 for a wrong role, 409 for a wrong state), one
JSON error shape in Dutch, conditional GET on the dossier."""

import re
import uuid

import pytest
import time_machine
from django.core.files.base import ContentFile

from grants.models import Application, ApplicationStatus
from notifications.models import Notification
from tests import factories
from tests.api_world import API, assert_error, build_world, client_for
from tests.lifecycle import DURING_CALL, place_in
from workflow.models import AuditEvent, AuditKind, DecisionLetter

pytestmark = pytest.mark.django_db

@pytest.fixture
def world(call):
    return build_world()


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# Authentication ---------------------------------------------------------------------------

def test_without_credentials_the_api_asks_to_log_in_in_dutch(world):
    error = assert_error(client_for(None).get(f"{API}/applications/"), 401, "not_authenticated")
    assert "Meld u aan" in error["message"]


def test_a_token_authenticates_as_well_as_a_session(world):
    assert client_for(world.member, token=True).get(f"{API}/applications/").status_code == 200
    assert client_for(world.member).get(f"{API}/applications/").status_code == 200


def test_a_wrong_token_is_refused(world):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert_error(client.get(f"{API}/applications/"), 401)


# Applications: visibility ----------------------------------------------------------------

def test_an_applicant_lists_only_its_own_organisations_applications(world):
    assert ids(client_for(world.member).get(f"{API}/applications/")) == {world.ours.pk}
    assert ids(client_for(world.outsider).get(f"{API}/applications/")) == {world.theirs.pk}


@pytest.mark.parametrize("role", ["reviewer", "decider", "admin"])
def test_the_department_lists_every_application(world, role):
    listed = ids(client_for(world.cast[role]).get(f"{API}/applications/"))
    assert {world.ours.pk, world.theirs.pk} <= listed


def test_another_organisations_application_does_not_exist_for_an_applicant(world):
    member = client_for(world.member)
    base = f"{API}/applications/{world.theirs.pk}/"
    for url in (base, f"{base}transitions/", f"{base}audit/", f"{base}letter/"):
        assert_error(member.get(url), 404, "not_found")
    # Even the filter does not reveal it.
    assert ids(member.get(f"{API}/applications/", {"applicant": world.theirs.applicant_id})) == set()


def test_an_applicant_cannot_change_or_move_another_organisations_application(world):
    member = client_for(world.member)
    assert_error(member.patch(f"{API}/applications/{world.theirs.pk}/", {"vision": "Overgenomen"},
                              format="json"), 404)
    with time_machine.travel(DURING_CALL, tick=False):
        assert_error(member.post(f"{API}/applications/{world.theirs.pk}/transitions/submit/",
                                 {"declaration": True}, format="json"), 404)
        assert_error(member.post(f"{API}/applications/{world.theirs.pk}/transitions/withdraw/",
                                 {"comment": "weg"}, format="json"), 404)
    theirs = Application.objects.get(pk=world.theirs.pk)
    assert theirs.status == ApplicationStatus.CONCEPT and theirs.vision != "Overgenomen"


def test_the_detail_carries_the_plan_actions_indicators_and_budget(world):
    data = client_for(world.member).get(f"{API}/applications/{world.ours.pk}/").json()
    assert {a["priority"] for a in data["actions"]} == {"WSE-LR1", "WSE-LR2", "WSE-LR3", "WSE-LR4"}
    assert data["actions"][0]["years"] == [2023, 2024, 2025]
    assert data["actions"][0]["indicators"][0]["name"] == "Deelnemers"
    assert sum(float(b["amount"]) for b in data["budget_lines"]) == 150000.0
    assert data["missing"] == [] and data["is_editable"] is True
    assert len(data["municipalities"]) == 3


def test_applications_filter_by_status_and_call(world, call):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.theirs)
    reviewer = client_for(world.cast.reviewer)
    assert ids(reviewer.get(f"{API}/applications/", {"status": "ingediend"})) == {world.theirs.pk}
    assert ids(reviewer.get(f"{API}/applications/", {"call": call.code})) == {world.ours.pk, world.theirs.pk}
    error = assert_error(reviewer.get(f"{API}/applications/", {"status": "gestolen"}), 400, "invalid")
    assert "status" in error["fields"]


# Applications: the applicant's write --------------------------------------------------------

def test_an_applicant_changes_the_texts_of_its_concept(world):
    vision = "Iedereen aan het werk in de Leiestreek."
    response = client_for(world.member).patch(f"{API}/applications/{world.ours.pk}/", {"vision": vision},
                                              format="json")
    assert response.status_code == 200
    assert response.json()["vision"] == "Iedereen aan het werk in de Leiestreek."
    assert Application.objects.get(pk=world.ours.pk).vision == "Iedereen aan het werk in de Leiestreek."


def test_a_wrong_iban_is_refused_with_a_dutch_message_and_changes_nothing(world):
    response = client_for(world.member).patch(f"{API}/applications/{world.ours.pk}/",
                                              {"iban": "BE00 1234", "vision": "Nieuw"}, format="json")
    error = assert_error(response, 400, "invalid")
    assert "iban" in error["fields"]
    assert Application.objects.get(pk=world.ours.pk).vision != "Nieuw"


def test_a_submitted_application_cannot_be_changed_any_more(world):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    response = client_for(world.member).patch(f"{API}/applications/{world.ours.pk}/", {"vision": "Later"},
                                              format="json")
    assert "ingediend" in assert_error(response, 409)["message"]


@pytest.mark.parametrize("role", ["reviewer", "decider", "admin"])
def test_the_department_does_not_edit_the_applicants_texts(world, role):
    response = client_for(world.cast[role]).patch(f"{API}/applications/{world.ours.pk}/", {"vision": "x"},
                                                  format="json")
    assert_error(response, 403, "permission_denied")


def test_put_is_not_offered(world):
    assert_error(client_for(world.member).put(f"{API}/applications/{world.ours.pk}/", {}, format="json"), 405)


# Conditional GET ---------------------------------------------------------------------------

def test_the_dossier_answers_304_while_nothing_changed(world):
    member = client_for(world.member)
    url = f"{API}/applications/{world.ours.pk}/"
    etag = member.get(url)["ETag"]
    unchanged = member.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and not unchanged.content
    member.patch(url, {"contact_phone": "056 12 34 56"}, format="json")
    changed = member.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_new_budget_line_changes_the_etag_too(world, call):
    member = client_for(world.member)
    url = f"{API}/applications/{world.ours.pk}/"
    etag = member.get(url)["ETag"]
    world.ours.budget_lines.create(year=2024, category="werking", source="eigen_inbreng", amount=10)
    assert member.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# Transitions -------------------------------------------------------------------------------

def test_the_member_sees_submit_with_its_declaration_field(world):
    with time_machine.travel(DURING_CALL, tick=False):
        steps = client_for(world.member).get(f"{API}/applications/{world.ours.pk}/transitions/").json()
    submit = next(step for step in steps if step["name"] == "submit")
    assert submit["label"] == "Indienen"
    assert {"name": "declaration", "type": "boolean"}.items() <= submit["fields"][1].items()


def test_submitting_through_the_api_follows_the_web_rules(world):
    member = client_for(world.member)
    url = f"{API}/applications/{world.ours.pk}/transitions/submit/"
    with time_machine.travel(DURING_CALL, tick=False):
        error = assert_error(member.post(url, {"comment": ""}, format="json"), 400, "invalid")
        assert "erewoord" in error["fields"]["declaration"][0]
        response = member.post(url, {"declaration": True, "comment": "Graag."}, format="json")
        assert response.status_code == 200
        assert response.json()["status"] == "ingediend" and response.json()["dossier_number"]
        again = assert_error(member.post(url, {"declaration": True}, format="json"), 409, "conflict")
    assert "ingediend" in again["message"]


def test_an_applicant_cannot_fire_a_department_step(world):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    url = f"{API}/applications/{world.ours.pk}/transitions/declare_admissible/"
    response = client_for(world.member).post(url, {}, format="json")
    assert "dossierbehandelaar" in assert_error(response, 403)["message"]
    assert Application.objects.get(pk=world.ours.pk).status == ApplicationStatus.INGEDIEND


def test_a_reviewer_declares_admissible_and_the_decider_cannot(world):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    url = f"{API}/applications/{world.ours.pk}/transitions/"
    assert [s["name"] for s in client_for(world.cast.reviewer).get(url).json()] == [
        "declare_admissible", "declare_inadmissible"]
    assert client_for(world.cast.decider).get(url).json() == []
    assert_error(client_for(world.cast.decider).post(f"{url}declare_admissible/", {}, format="json"), 403)
    response = client_for(world.cast.reviewer).post(f"{url}declare_admissible/", {}, format="json")
    assert response.json()["status"] == "ontvankelijk"


def test_the_decision_proposal_takes_amounts_per_year_and_four_eyes_apply(world):
    place_in(ApplicationStatus.IN_BEOORDELING, world.cast, world.ours)
    url = f"{API}/applications/{world.ours.pk}/transitions/"
    amounts = {"2023": "50000.00", "2024": "50000.00", "2025": "50000.00"}
    too_much = dict(amounts, **{"2025": "90000.00"})
    error = assert_error(client_for(world.cast.proposer).post(f"{url}propose_decision/", {
        "outcome": "toekenning", "motivation": "Sterk plan.", "amounts": too_much}, format="json"), 400)
    assert "2025" in error["fields"]["amounts"][0]  # under the name the client sent
    client_for(world.cast.proposer).post(f"{url}propose_decision/", {
        "outcome": "toekenning", "motivation": "Sterk plan.", "amounts": amounts}, format="json")
    assert "vier-ogen" in assert_error(
        client_for(world.cast.proposer).post(f"{url}approve_decision/", {}, format="json"), 403)["message"]
    response = client_for(world.cast.decider).post(f"{url}approve_decision/", {}, format="json")
    assert response.json()["status"] == "toegekend"


def test_an_unknown_step_is_a_404_and_a_body_that_is_not_an_object_a_400(world):
    member = client_for(world.member)
    assert_error(member.post(f"{API}/applications/{world.ours.pk}/transitions/verbranden/", {},
                             format="json"), 404)
    assert_error(member.post(f"{API}/applications/{world.ours.pk}/transitions/withdraw/", [1, 2],
                             format="json"), 400)


# Audit trail -------------------------------------------------------------------------------

def _event(world, visible: bool, text: str):
    """A visible event's text is addressed to the applicant; a hidden one's is internal."""
    return AuditEvent.objects.create(
        application=world.ours, kind=AuditKind.ASSIGNMENT, actor=world.cast.reviewer,
        message=text if visible else "", comment="" if visible else text,
        visible_to_applicant=visible, data={"reviewer": "behandelaar"})


def test_the_applicant_sees_only_the_audit_rows_meant_for_it(world):
    _event(world, True, "Uitstel toegekend")
    _event(world, False, "Interne toewijzing")
    rows = client_for(world.member).get(f"{API}/applications/{world.ours.pk}/audit/").json()["results"]
    assert [r["message"] for r in rows] == ["Uitstel toegekend"]
    assert rows[0]["actor"] is None and rows[0]["data"] is None and rows[0]["comment"] is None


@pytest.mark.parametrize("role", ["reviewer", "decider", "admin"])
def test_the_department_sees_the_whole_audit_trail_with_who_did_what(world, role):
    _event(world, True, "Uitstel toegekend")
    _event(world, False, "Interne toewijzing")
    rows = client_for(world.cast[role]).get(f"{API}/applications/{world.ours.pk}/audit/").json()["results"]
    assert [r["message"] or r["comment"] for r in rows] == ["Uitstel toegekend", "Interne toewijzing"]
    assert rows[1]["actor"] == "behandelaar"


# Decision letter ---------------------------------------------------------------------------

def test_the_decision_letter_is_a_pdf_for_the_applicant_and_a_404_before_it_exists(world, call):
    member = client_for(world.member)
    url = f"{API}/applications/{world.ours.pk}/letter/"
    assert "nog geen beslissingsbrief" in assert_error(member.get(url), 404)["message"]
    letter = DecisionLetter(application=world.ours, call=call, sequence=1, sha256="0" * 64)
    letter.file.save("brief.pdf", ContentFile(factories.PDF_BYTES), save=False)
    letter.save()
    response = member.get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert_error(client_for(world.outsider).get(url), 404)


# Reference data ------------------------------------------------------------------------------

def test_calls_are_listed_with_their_priorities_and_years(world, call):
    rows = client_for(world.member).get(f"{API}/calls/").json()["results"]
    ours = next(r for r in rows if r["code"] == call.code)
    assert ours["years"] == [2023, 2024, 2025]
    assert [p["code"] for p in ours["priorities"]] == ["WSE-LR1", "WSE-LR2", "WSE-LR3", "WSE-LR4"]


def test_municipality_coverage_shows_only_applications_the_user_may_see(world):
    def coverage(user, name):
        rows = client_for(user).get(f"{API}/municipalities/", {"name": name}).json()["results"]
        return [c["application"] for c in next(r for r in rows if r["name"] == name)["coverage"]]

    assert coverage(world.member, "Kortrijk") == [world.ours.pk]
    assert coverage(world.outsider, "Kortrijk") == []
    assert coverage(world.cast.reviewer, "Kortrijk") == [world.ours.pk]
    assert coverage(world.cast.reviewer, "Gent") == [world.theirs.pk]


def test_an_applicant_sees_only_its_own_organisation(world):
    member = client_for(world.member)
    assert ids(member.get(f"{API}/applicants/")) == {world.ours.applicant_id}
    assert_error(member.get(f"{API}/applicants/{world.theirs.applicant_id}/"), 404)
    assert {world.ours.applicant_id, world.theirs.applicant_id} <= ids(
        client_for(world.cast.admin).get(f"{API}/applicants/"))


def test_the_documentation_page_and_schema_are_served(world):
    member = client_for(world.member)
    assert member.get("/api/schema/", {"format": "json"}).json()["info"]["title"].startswith("Lokale Regie")
    docs = member.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in docs and "cdn.jsdelivr" not in docs
    # The production Content-Security-Policy allows no inline script: the page loads its own.
    assert re.findall(r"<script>", docs) == [] and "/api/docs/?script" in docs
    assert "SwaggerUIBundle" in member.get("/api/docs/", {"script": ""}).content.decode()


# Notifications -----------------------------------------------------------------------------

def _notification(application, kind="ontvangstbevestiging"):
    return Notification.objects.create(kind=kind, recipient="an.peeters@example.be", application=application,
                                       scope=f"aanvraag:{application.pk}", claimed_by=uuid.uuid4(),
                                       subject="Ontvangstbevestiging", error="SMTP 451")


def test_an_applicant_sees_only_the_notifications_about_its_own_applications(world):
    ours, theirs = _notification(world.ours), _notification(world.theirs)
    internal = _notification(world.ours, kind="herinnering_behandeling")
    member = client_for(world.member)
    rows = member.get(f"{API}/notifications/").json()["results"]
    assert [r["id"] for r in rows] == [ours.pk] and rows[0]["error"] is None
    assert_error(member.get(f"{API}/notifications/{theirs.pk}/"), 404)
    assert_error(member.get(f"{API}/notifications/{internal.pk}/"), 404)
    assert ids(member.get(f"{API}/notifications/", {"application": world.theirs.pk})) == set()


@pytest.mark.parametrize("role", ["reviewer", "decider", "admin"])
def test_the_department_sees_every_notification_and_why_one_failed(world, role):
    ours, theirs = _notification(world.ours), _notification(world.theirs)
    rows = client_for(world.cast[role]).get(f"{API}/notifications/").json()["results"]
    assert {r["id"] for r in rows} == {ours.pk, theirs.pk}
    assert rows[0]["error"] == "SMTP 451"


@pytest.mark.parametrize(("moment", "status"), [("1923-08-21T12:02:06-20:59", 200),
                                                  ("0001-01-01T00:00:00+05:00", 400)])
def test_a_far_fetched_moment_in_a_filter_is_answered_not_a_crash(world, moment, status):
    """PostgreSQL refuses offsets beyond 16 hours, and year 0 does not exist."""
    response = client_for(world.cast.reviewer).get(f"{API}/applications/", {"submitted_after": moment})
    assert response.status_code == status
    if status == 400:
        assert "bestaand tijdstip" in response.json()["error"]["fields"]["submitted_after"][0]
