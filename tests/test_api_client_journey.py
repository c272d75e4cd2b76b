"""A municipality's software and the department's tooling, as an integrator would build them: a
client generated from the committed docs/openapi.yaml by a stock generator (openapi-python-client,
offline), driving an application from draft to decision through the API alone, every response
checked against the document (schemathesis' conformance checks).

The client talks to the real WSGI stack in-process (httpx's WSGI transport), with personal tokens."""

import importlib
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import httpx
import pytest
import yaml
from django.utils import timezone
from pypdf import PdfReader
from schemathesis.core.transport import Response as CheckedResponse

from config.celery import app as celery_app
from grants.models import ApplicantKind, ApplicationStatus
from grants.roles import Role
from tests import factories
from tests.api_world import token_for
from tests.test_uploads import real_pdf

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "openapi.yaml"
# The generator's own options: no formatter run (offline, nothing to install), and the letter's
# PDF read as bytes (its documented way to take a binary media type it does not know by name).
GENERATOR_CONFIG = """\
post_hooks: []
package_name_override: lr_client
project_name_override: lr_client
content_type_overrides:
  application/pdf: application/octet-stream
  application/zip: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
"""

# One worker generates the client once for the module (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("generated-client")]


@pytest.fixture(scope="module")
def lr_client(tmp_path_factory):
    """The client package, generated from the committed document as an integrator would."""
    where = tmp_path_factory.mktemp("generated")
    (where / "config.yaml").write_text(GENERATOR_CONFIG)
    result = subprocess.run(
        [Path(sys.executable).parent / "openapi-python-client", "generate", "--path", str(DOCUMENT),
         "--output-path", str(where / "lr_client"), "--meta", "none", "--config", str(where / "config.yaml")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr  # nothing dropped
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module("lr_client")
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == "lr_client" or m.startswith("lr_client.")]:
            del sys.modules[name]


class Conformance:
    """Every exchange checked against the document: a documented operation, a documented status,
    and a body that matches its schema (JSON) or its media type (the PDFs)."""

    def __init__(self):
        import schemathesis

        self.schema = schemathesis.openapi.from_dict(yaml.safe_load(DOCUMENT.read_text()))
        self.seen: list[str] = []

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        request = response.request
        operation = self.schema.find_operation_by_path(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path} is not in the document"
        documented = operation.definition.raw["responses"]
        status = str(response.status_code)
        assert status in documented, f"{operation.label}: {status} is not documented"
        content = documented[status].get("content")
        if content:
            media_type = response.headers["content-type"].split(";")[0]
            assert media_type in content, f"{operation.label} {status}: {media_type} not documented"
        self.schema.validate_response(operation, CheckedResponse.from_any(response))
        self.seen.append(f"{operation.label} {status}")


@pytest.fixture
def connect(lr_client, wsgi_app):
    conformance = Conformance()

    def connect(user):
        return lr_client.AuthenticatedClient(
            base_url="http://testserver", token=token_for(user),
            httpx_args={"transport": httpx.WSGITransport(app=wsgi_app),
                        "event_hooks": {"response": [conformance]}})

    connect.conformance = conformance
    return connect


def ok(response, status=200):
    """The parsed body of a response with this status (the generated client's own model)."""
    assert response.status_code == status, response.content
    return response.parsed


def test_a_generated_client_takes_an_application_from_draft_to_decision(
        lr_client, connect, open_call, django_capture_on_commit_callbacks):
    from lr_client import models
    from lr_client.api.v1 import (
        applications_actions_create,
        applications_assessments_list,
        applications_assessments_update,
        applications_attachments_create,
        applications_attachments_download,
        applications_attachments_list,
        applications_budget_lines_create,
        applications_clarifications_list,
        applications_conflict_declarations_create,
        applications_decision,
        applications_indicators_create,
        applications_letter,
        applications_municipalities_update,
        applications_notes_create,
        applications_notes_list,
        applications_transitions_fire,
        applications_transitions_list,
        assignments_create,
        statuses_list,
        v1_applicants_list,
        v1_applications_create,
        v1_applications_partial_update,
        v1_applications_retrieve,
        v1_attachment_types_list,
        v1_calls_list,
        v1_partners_list,
        v1_target_groups_list,
    )
    from lr_client.types import File

    region = factories.make_applicant(name="Regio Zuid-West", kind=ApplicantKind.SAMENWERKINGSVERBAND,
                                      lead="Kortrijk")
    member = connect(factories.make_user(Role.AANVRAGER, organisation=region, username="regisseur"))
    reviewer = connect(factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar"))
    proposer = connect(factories.make_user(Role.DOSSIERBEHANDELAAR, username="voorsteller"))
    decider = connect(factories.make_user(Role.BESLISSER, username="beslisser"))

    def fire(client, pk, name, **fields):
        body = models.TransitionInput.from_dict(fields)
        return ok(applications_transitions_fire.sync_detailed(pk, name, client=client, body=body))

    def steps(client, pk) -> dict:
        listed = ok(applications_transitions_list.sync_detailed(pk, client=client))
        return {step.name: step for step in listed}

    # What the applicant needs to know first: the call, its own organisation, the codes.
    call = next(c for c in ok(v1_calls_list.sync_detailed(client=member, code=open_call.code)).results)
    applicant = ok(v1_applicants_list.sync_detailed(client=member)).results[0]
    target_groups = [t.code for t in ok(v1_target_groups_list.sync_detailed(client=member)).results]
    partners = [p.code for p in ok(v1_partners_list.sync_detailed(client=member)).results]
    kinds = {t.code: t for t in ok(v1_attachment_types_list.sync_detailed(client=member)).results}
    statuses = [s.value for s in ok(statuses_list.sync_detailed(client=member))]
    assert applicant.id == region.pk and "toegekend" in statuses and target_groups and partners

    # Create, with its municipalities, then change them.
    created = ok(v1_applications_create.sync_detailed(client=member, body=models.ApplicationCreate(
        applicant=applicant.id, call=call.code, municipalities=["34022", "34023"])), 201)
    pk = created.id
    assert created.status == "concept"
    nis = ["34022", "34023", "34013"]  # Kortrijk, Kuurne, Harelbeke
    members = ok(applications_municipalities_update.sync_detailed(
        pk, client=member, body=models.Members(municipalities=nis)))
    assert sorted(members.municipalities) == sorted(nis)

    # The plan: texts and contacts, an action per priority with an indicator, a budget.
    ok(v1_applications_partial_update.sync_detailed(pk, client=member, body=models.PatchedApplicationUpdate(
        environment_analysis="Veel langdurig werkzoekenden.", vision="Iedereen aan het werk.",
        contact_name="An Peeters", contact_email="an.peeters@example.be", director_name="Jan Janssens",
        iban="BE71 0961 2345 6769")))
    years = call.years
    for priority in call.priorities:
        action = ok(applications_actions_create.sync_detailed(pk, client=member, body=models.ActionInput(
            priority=priority.code, title=f"Actie {priority.code}", years=years,
            target_groups=target_groups[:1], partners=partners[:1])), 201)
        ok(applications_indicators_create.sync_detailed(
            pk, action.id, client=member, body=models.IndicatorInput(name="Deelnemers", unit="personen",
            targets=models.IndicatorInputTargets.from_dict({str(y): "10" for y in years}))), 201)
    for year in years:
        ok(applications_budget_lines_create.sync_detailed(pk, client=member, body=models.BudgetLineInput(
            year=year, category=models.CategoryEnum("personeel_regisseur"),
            source=models.SourceEnum("subsidie"), amount="50000.00")), 201)

    # Attachments: the same checks as the page (not a PDF: refused), then each one the call asks.
    pdf = real_pdf()
    refused = applications_attachments_create.sync_detailed(pk, client=member, body=models.AttachmentUpload(
        attachment_type=next(c for c in call.attachment_types if not kinds[c].per_member_municipality),
        file=File(payload=BytesIO(b"MZ not a pdf"), file_name="x.pdf", mime_type="application/pdf")))
    assert refused.status_code == 400 and "file" in refused.parsed.error.fields.additional_properties
    for code in call.attachment_types:
        for municipality in nis if kinds[code].per_member_municipality else [""]:
            ok(applications_attachments_create.sync_detailed(pk, client=member, body=models.AttachmentUpload(
                attachment_type=code, municipality=municipality,
                file=File(payload=BytesIO(pdf), file_name=f"{code}.pdf",
                          mime_type="application/pdf"))), 201)
    uploaded = ok(applications_attachments_list.sync_detailed(pk, client=member))
    assert {a.attachment_type for a in uploaded} == set(call.attachment_types)
    assert applications_attachments_download.sync_detailed(pk, uploaded[0].id, client=member).content == pdf

    # Complete now: the detail lists nothing missing, and an unchanged detail answers 304.
    detail = v1_applications_retrieve.sync_detailed(pk, client=member)
    assert ok(detail).missing == []
    etag = detail.headers["ETag"]
    assert v1_applications_retrieve.sync_detailed(pk, client=member, if_none_match=etag).status_code == 304

    # Submit, and the department declares it admissible.
    submit = steps(member, pk)["submit"]
    assert submit.available and [f.name for f in submit.fields] == ["comment", "declaration"]
    assert fire(member, pk, "submit", declaration=True).status == "ingediend"
    assert ok(assignments_create.sync_detailed(client=reviewer, body=models.AssignmentInput(
        applications=[pk], reviewer="behandelaar"))).assigned == 1
    assert fire(reviewer, pk, "declare_admissible").status == "ontvankelijk"

    # Assessing waits for the declaration of no conflict of interest, and says so.
    blocked = steps(reviewer, pk)["start_assessment"]
    assert not blocked.available and "belangenconflict" in blocked.reason
    ok(applications_conflict_declarations_create.sync_detailed(pk, client=reviewer, body=models.ConflictInput(
        has_conflict=False)), 201)
    assert steps(reviewer, pk)["start_assessment"].available
    assert fire(reviewer, pk, "start_assessment").status == "in_beoordeling"

    # Scores per criterion, and an internal note the applicant cannot read.
    scores = [models.Score(criterion=c.id, score=c.max_score - 1, motivation="Sterk.") for c in call.criteria]
    assessed = ok(applications_assessments_update.sync_detailed(pk, client=reviewer, body=models.ScoresInput(
        scores=scores)))
    assert len(assessed) == len(call.criteria) and assessed[0].reviewer == "behandelaar"
    assert len(ok(applications_assessments_list.sync_detailed(pk, client=reviewer))) == len(call.criteria)
    note = models.NoteInput(text="Bellen.")
    ok(applications_notes_create.sync_detailed(pk, client=reviewer, body=note), 201)
    assert applications_notes_list.sync_detailed(pk, client=member).status_code == 403

    # A question with a deadline, read as data by the applicant, and its answer.
    deadline = timezone.localdate() + timedelta(days=10)
    fire(reviewer, pk, "request_clarification", question="Welke partners doen mee?",
         deadline=deadline.isoformat())
    question = ok(applications_clarifications_list.sync_detailed(pk, client=member))[-1]
    assert question.question == "Welke partners doen mee?" and question.is_open
    assert timezone.localtime(question.deadline).date() == deadline
    assert fire(member, pk, "resubmit", answer="VDAB en het OCMW.").status == "in_beoordeling"

    # The proposal: the step names the amounts per year it takes, and the outcomes.
    ok(applications_conflict_declarations_create.sync_detailed(pk, client=proposer, body=models.ConflictInput(
        has_conflict=False)), 201)
    propose = {f.name: f for f in steps(proposer, pk)["propose_decision"].fields}
    assert propose["amounts"].type_ == "amounts" and propose["amounts"].years == [str(y) for y in years]
    assert "gedeeltelijke_toekenning" in [c.value for c in propose["outcome"].choices]
    assert "deviation_motivation" in propose   # amounts other than the amount rule's need a reason
    amounts = {str(year): "40000.00" for year in years}
    fire(proposer, pk, "propose_decision", outcome="gedeeltelijke_toekenning", motivation="Te ruim begroot.",
         amounts=amounts, deviation_motivation="Minder dan de bedragregel: te ruim begroot.")

    # Approval by a second person; the letter follows (made by the worker, here at once).
    ok(applications_conflict_declarations_create.sync_detailed(pk, client=decider, body=models.ConflictInput(
        has_conflict=False)), 201)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert fire(decider, pk, "approve_decision").status == ApplicationStatus.GEDEELTELIJK_TOEGEKEND
    finally:
        celery_app.conf.task_always_eager = False

    # The applicant reads the decision as data, and downloads the letter.
    decision = ok(applications_decision.sync_detailed(pk, client=member))
    assert decision.outcome == "gedeeltelijke_toekenning" and decision.motivation == "Te ruim begroot."
    assert {year: Decimal(a) for year, a in decision.amounts.additional_properties.items()} == {
        str(year): Decimal("40000.00") for year in years}
    assert Decimal(decision.total) == Decimal("40000.00") * len(years) and decision.decided_at
    assert len(decision.letters) == 1
    letter = applications_letter.sync_detailed(pk, client=member)
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(letter.content)).pages)
    assert "40.000,00" in text

    assert len(connect.conformance.seen) > 40
