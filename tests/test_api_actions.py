"""The page actions the API gained, each with the page's own rules: who may (403 before a word
about the input), whose data (404), which state (409), which input (400, in Dutch)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.celery import app as celery_app
from grants.completeness import missing_items
from grants.models import Application, ApplicationStatus, Municipality
from tests import factories
from tests.api_world import API, assert_error, build_world, client_for
from tests.lifecycle import place_in
from tests.test_uploads import real_pdf
from workflow.models import ConflictDeclaration, InternalNote, LetterBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(open_call):
    world = build_world()
    Application.objects.filter(pk__in=[world.ours.pk, world.theirs.pk]).update(call=open_call)
    world.ours.memberships.update(call=open_call)
    world.theirs.memberships.update(call=open_call)
    world.ours.refresh_from_db()
    return world


def url(application, rest=""):
    return f"{API}/applications/{application.pk}/{rest}"


# Transitions: what is possible, why not, and the refusal before the input ------------------

def test_the_applicant_reads_why_it_cannot_submit_yet(world):
    world.ours.budget_lines.all().delete()
    steps = client_for(world.member).get(url(world.ours, "transitions/")).json()
    submit = next(step for step in steps if step["name"] == "submit")
    assert submit["available"] is False
    assert missing_items(world.ours)[0].message in submit["reason"]
    factories.complete_application(world.ours)
    steps = client_for(world.member).get(url(world.ours, "transitions/")).json()
    assert next(step for step in steps if step["name"] == "submit")["available"] is True


def test_the_proposal_step_names_its_amounts_and_choices(world):
    place_in(ApplicationStatus.IN_BEOORDELING, world.cast, world.ours)
    steps = client_for(world.cast.proposer).get(url(world.ours, "transitions/")).json()
    fields = {f["name"]: f for f in next(s for s in steps if s["name"] == "propose_decision")["fields"]}
    assert fields["amounts"]["type"] == "amounts" and fields["amounts"]["years"] == ["2023", "2024", "2025"]
    assert not [name for name in fields if name.startswith("amount_")]
    assert {c["value"] for c in fields["outcome"]["choices"]} == {
        "toekenning", "gedeeltelijke_toekenning", "weigering"}


def test_a_step_that_is_not_yours_is_refused_before_its_input_is_read(world):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    garbage = {"comment": ["geen tekst"], "deadline": "morgen"}
    response = client_for(world.member).post(url(world.ours, "transitions/declare_admissible/"), garbage,
                                             format="json")
    assert_error(response, 403)
    response = client_for(world.cast.reviewer).post(url(world.ours, "transitions/start_assessment/"), garbage,
                                                    format="json")
    assert_error(response, 409)


# Applications, members, attachments ------------------------------------------------------

def test_starting_an_application_for_someone_elses_organisation_is_refused(world, open_call):
    other = world.theirs.applicant
    response = client_for(world.member).post(f"{API}/applications/", {
        "applicant": other.pk, "call": open_call.code, "municipalities": ["41002"]}, format="json")
    assert_error(response, 403)


def test_members_by_nis_code_with_unknown_codes_named(world):
    response = client_for(world.member).put(url(world.ours, "municipalities/"),
                                            {"municipalities": ["34022", "99999"]}, format="json")
    assert "99999" in assert_error(response, 400)["fields"]["municipalities"][0]
    assert_error(client_for(world.outsider).put(url(world.ours, "municipalities/"),
                                                {"municipalities": ["34022"]}, format="json"), 404)
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    assert_error(client_for(world.member).put(url(world.ours, "municipalities/"), {"municipalities": ["x"]},
                                              format="json"), 409)


def test_an_attachment_is_uploaded_downloaded_and_deleted_only_by_its_own(world):
    kind = world.ours.call.mandatory_attachment_types.filter(per_member_municipality=False).first()
    upload = {"attachment_type": kind.code, "file": SimpleUploadedFile("plan.pdf", real_pdf())}
    created = client_for(world.member).post(url(world.ours, "attachments/"), upload, format="multipart")
    assert created.status_code == 201, created.content
    attachment = created.json()["id"]
    assert_error(client_for(world.outsider).get(url(world.ours, f"attachments/{attachment}/")), 404)
    path = url(world.ours, f"attachments/{attachment}/")
    assert client_for(world.cast.reviewer).get(path).status_code == 200
    assert client_for(world.member).delete(path).status_code == 204
    assert not world.ours.attachments.filter(pk=attachment).exists()


def test_json_is_not_an_upload(world):
    response = client_for(world.member).post(url(world.ours, "attachments/"), {"file": "x"}, format="json")
    assert_error(response, 415)


# The department's records ----------------------------------------------------------------

def test_the_conflict_declaration_is_the_departments_once_per_dossier(world):
    place_in(ApplicationStatus.ONTVANKELIJK, world.cast, world.ours)
    assert_error(client_for(world.member).post(url(world.ours, "conflict-declarations/"), {}, format="json"),
                 403)
    undeclared = client_for(world.cast.reviewer_undeclared)
    assert "Licht" in assert_error(undeclared.post(url(world.ours, "conflict-declarations/"), {
        "has_conflict": True}, format="json"), 400)["fields"]["explanation"][0]
    assert undeclared.post(url(world.ours, "conflict-declarations/"), {"has_conflict": False},
                           format="json").status_code == 201
    assert_error(undeclared.post(url(world.ours, "conflict-declarations/"), {"has_conflict": False},
                                 format="json"), 409)
    assert ConflictDeclaration.objects.filter(reviewer=world.cast.reviewer_undeclared).count() == 1


def test_a_reviewer_with_a_conflict_cannot_be_assigned(world):
    body = {"applications": [world.ours.pk], "reviewer": world.cast.reviewer_conflicted.username}
    response = client_for(world.cast.admin).post(f"{API}/assignments/", body, format="json")
    assert "belangenconflict" in assert_error(response, 400)["fields"]["reviewer"][0]
    assert_error(client_for(world.member).post(f"{API}/assignments/", body, format="json"), 403)


def test_scores_only_while_in_assessment_and_only_for_the_calls_criteria(world):
    criterion = world.ours.call.criteria.first()
    body = {"scores": [{"criterion": criterion.pk, "score": 3, "motivation": "Goed."}]}
    reviewer = client_for(world.cast.reviewer)
    assert_error(reviewer.put(url(world.ours, "assessments/"), body, format="json"), 409)
    place_in(ApplicationStatus.IN_BEOORDELING, world.cast, world.ours)
    wrong = {"scores": [{"criterion": 999999, "score": 3, "motivation": "Goed."}]}
    assert assert_error(reviewer.put(url(world.ours, "assessments/"), wrong, format="json"), 400)["fields"]
    assert reviewer.put(url(world.ours, "assessments/"), body, format="json").json()[0]["score"] == 3


def test_internal_notes_are_the_departments_only(world):
    assert client_for(world.cast.reviewer).post(url(world.ours, "notes/"), {"text": "Bellen."},
                                                format="json").status_code == 201
    assert_error(client_for(world.member).get(url(world.ours, "notes/")), 403)
    assert_error(client_for(world.member).post(url(world.ours, "notes/"), {"text": "Hallo"}, format="json"),
                 403)
    assert InternalNote.objects.count() == 1


# What the applicant reads ----------------------------------------------------------------

def test_the_decision_is_a_404_in_dutch_until_it_is_approved_and_never_for_others(world):
    error = assert_error(client_for(world.member).get(url(world.ours, "decision/")), 404)
    assert "nog niet beslist" in error["message"]
    decided = factories.decide(world.ours, outcome="toekenning")
    body = client_for(world.member).get(url(decided, "decision/")).json()
    assert body["outcome"] == "toekenning" and body["amounts"] and body["motivation"] and body["decided_at"]
    assert_error(client_for(world.outsider).get(url(decided, "decision/")), 404)


def test_the_applicant_reads_the_question_and_its_deadline(world):
    place_in(ApplicationStatus.AANVULLING_GEVRAAGD, world.cast, world.ours)
    [question] = client_for(world.member).get(url(world.ours, "clarifications/")).json()
    assert question["question"] == "Welke partners?" and question["deadline"] and question["is_open"]


# The department's other pages ------------------------------------------------------------

def test_the_vdab_agreement_is_recorded_by_the_department_only(world):
    kortrijk = Municipality.objects.get(nis_code="34022")
    path = f"{API}/municipalities/{kortrijk.pk}/"
    body = {"vdab_agreement_since": "2022-01-01"}
    assert_error(client_for(world.member).patch(path, body, format="json"), 403)
    response = client_for(world.cast.admin).patch(path, body, format="json")
    assert response.json()["vdab_agreement_since"] == "2022-01-01"


def test_a_letter_batch_is_started_and_followed_by_the_department(world, django_capture_on_commit_callbacks):
    decided = factories.decide(world.ours)
    assert_error(client_for(world.member).post(f"{API}/calls/{decided.call_id}/letter-batches/"), 403)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batch = client_for(world.cast.admin).post(f"{API}/calls/{decided.call_id}/letter-batches/").json()
    finally:
        celery_app.conf.task_always_eager = False
    progress = client_for(world.cast.admin).get(f"{API}/letter-batches/{batch['id']}/").json()
    assert progress["status"] == "klaar" and progress["has_file"]
    zipped = client_for(world.cast.admin).get(f"{API}/letter-batches/{batch['id']}/zip/")
    assert zipped["content-type"] == "application/zip"
    assert_error(client_for(world.member).get(f"{API}/letter-batches/{batch['id']}/"), 404)
    assert LetterBatch.objects.count() == 1
