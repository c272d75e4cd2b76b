"""The decision pages (distribution, collective act, act and annex) and the aftercare's downloads
through the API, each on the page's own service: who may (403 before a word about the input),
whose data (404), which state (409), the files read back as a person would read them."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from aftercare import services
from config.celery import app as celery_app
from grants.models import ApplicationStatus
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories
from tests.api_world import API, assert_error, client_for
from tests.test_collective_decision import ACT, REGIONS, regions
from tests.test_letters import pdf_text
from tests.test_uploads import real_pdf
from workflow.decisions import distribution

pytestmark = pytest.mark.django_db
API_ACT = {**ACT, "act_date": "2023-04-14"}


# The decision of a call ---------------------------------------------------------------------

def test_a_reviewer_sending_a_bad_act_learns_first_that_only_a_beslisser_decides(call):
    cast, _applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    url = f"{API}/calls/{call.code}/decision-act/"
    refused = assert_error(client_for(cast.reviewer).post(url, {"act_date": "morgen"}, format="json"), 403)
    assert "beslisser" in refused["message"]
    invalid = assert_error(client_for(cast.decider).post(url, {"act_date": "morgen"}, format="json"), 400)
    assert {"act_number", "act_date"} <= set(invalid["fields"])


def test_the_distribution_as_data_ranks_and_fits_the_envelope_as_the_page_does(call):
    call.annual_envelope = Decimal("110000.00")
    call.save()
    cast, _applications = regions(call)
    url = f"{API}/calls/{call.code}/distribution/"
    assert_error(client_for(cast.member).get(url), 404)
    data = client_for(cast.reviewer).get(url).json()
    assert [share["applicant"] for share in data["shares"]] == list(REGIONS)
    assert data["oversubscribed_years"] == [2023, 2024, 2025]
    first_year = {y["year"]: y for y in data["years"]}[2023]
    assert first_year["proposed"] == first_year["available"] == "110000.00"
    page = distribution(call)
    assert [Decimal(share["years"][0]["proposed"]) for share in data["shares"]] == [
        row.proposed[2023] for row in page.rows]


def test_the_act_is_prepared_recorded_and_read_back_with_its_annex_as_data_pdf_and_xlsx(call):
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    decider = client_for(cast.decider)
    readiness = decider.get(f"{API}/calls/{call.code}/decision-act/").json()
    assert sorted(p["application"] for p in readiness["ready"]) == sorted(a.pk for a in applications.values())
    assert readiness["blocked"] == []
    blocked = client_for(cast.proposer).get(f"{API}/calls/{call.code}/decision-act/").json()["blocked"]
    assert blocked and all(p["reason"] for p in blocked)  # the proposer may not approve their own
    act = decider.post(f"{API}/calls/{call.code}/decision-act/", API_ACT, format="json").json()

    detail = client_for(cast.reviewer).get(f"{API}/decision-acts/{act['id']}/").json()
    annex = detail["annex"]
    assert detail["number"] == "MB-2023-0412" and len(annex["rows"]) == len(REGIONS)
    assert sum(Decimal(row["total"]) for row in annex["rows"]) == Decimal(annex["grand_total"]) > 0
    pdf = client_for(cast.reviewer).get(f"{API}/decision-acts/{act['id']}/annex/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "MB-2023-0412" in text and all(name in text for name in REGIONS)
    xlsx = client_for(cast.reviewer).get(f"{API}/decision-acts/{act['id']}/annex/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(REGIONS) + 2 and rows[-1][-1] == Decimal(annex["grand_total"])

    assert [a["id"] for a in client_for(cast.reviewer).get(f"{API}/decision-acts/").json()["results"]] == [
        act["id"]]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    since = client_for(cast.reviewer).get(f"{API}/decision-acts/", {"updated_since": later})
    assert since.json()["count"] == 0
    for path in ("", "annex/pdf/", "annex/xlsx/"):
        assert_error(client_for(cast.member).get(f"{API}/decision-acts/{act['id']}/{path}"), 404)


def test_the_acts_list_reads_as_many_queries_for_four_acts_as_for_one(call, django_assert_num_queries):
    """One collective act of four dossiers, then three single decisions each in its own act."""
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    decider = client_for(cast.decider)
    decider.post(f"{API}/calls/{call.code}/decision-act/", API_ACT, format="json")
    reviewer = client_for(cast.reviewer)
    reviewer.get(f"{API}/decision-acts/")  # warm the session
    with CaptureQueriesContext(connection) as one:
        reviewer.get(f"{API}/decision-acts/")
    for lead in ("Brugge", "Leuven", "Hasselt"):
        more = factories.make_applicant(name=f"Regio {lead}", lead=lead)
        application = factories.make_application(call, applicant=more, members=(lead,))
        factories.decide(application, "toekenning")
    with django_assert_num_queries(len(one.captured_queries)):
        listed = reviewer.get(f"{API}/decision-acts/").json()
    assert listed["count"] == 4


# After the decision: a report's attachments, the recovery letter, the approved payments ---------

@pytest.fixture
def world(call):
    return w.granted_world(call)


def _upload(world, report):
    pdf = SimpleUploadedFile("uitgaven.pdf", real_pdf("Uitgaven 2023"), content_type="application/pdf")
    response = client_for(world.applicant).post(f"{API}/reports/{report.pk}/attachments/", {"file": pdf},
                                                format="multipart")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_report_attachment_is_downloaded_by_whoever_sees_the_report_and_removed_only_by_the_applicant(
        world):
    report = services.save_report(world.applicant, world.application.pk, 2023, w.full_report_data(world))
    attachment = _upload(world, report)
    url = f"{API}/reports/{report.pk}/attachments/{attachment}/"
    for person in (world.applicant, world.reviewer):
        response = client_for(person).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "Uitgaven 2023" in pdf_text(b"".join(response.streaming_content))
    stranger = factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(name="Ander"))
    assert_error(client_for(stranger).get(url), 404)
    assert_error(client_for(stranger).delete(url), 404)
    missing = assert_error(client_for(world.applicant).get(f"{API}/reports/{report.pk}/attachments/0/"), 404)
    assert "bijlage" in missing["message"]
    assert_error(client_for(world.reviewer).delete(url), 403)
    assert client_for(world.applicant).delete(url).status_code == 204
    assert not report.attachments.exists()

    second = _upload(world, report)
    services.fire(world.applicant, "jaarverslag", report.pk, "submit", {"declaration": True})
    assert_error(client_for(world.applicant).delete(f"{API}/reports/{report.pk}/attachments/{second}/"), 409)
    assert report.attachments.count() == 1


def test_the_recovery_letter_is_downloaded_once_the_recovery_is_decided(world):
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    recovery = services.propose_recovery(world.reviewer, world.application.pk, {
        "year": "2023", "reason": "voorwaarde", "amount": "1.000,00",
        "motivation": "Voorwaarde niet vervuld."})
    url = f"{API}/recoveries/{recovery.pk}/letter/"
    assert_error(client_for(world.applicant).get(url), 404)  # a proposal is internal
    not_yet = assert_error(client_for(world.reviewer).get(url), 404)
    assert "nog geen brief" in not_yet["message"]
    celery_app.conf.task_always_eager = True
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.fire(world.decider, "terugvordering", recovery.pk, "decide")
    finally:
        celery_app.conf.task_always_eager = False
    for person in (world.applicant, world.reviewer):
        response = client_for(person).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "€ 1.000,00" in pdf_text(b"".join(response.streaming_content))
    stranger = factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(name="Ander"))
    assert_error(client_for(stranger).get(url), 404)


def test_the_approved_payments_are_what_the_financial_system_pays(world):
    advance = world.tranche(2023, "voorschot")
    services.fire(world.reviewer, "schijf", advance.pk, "propose")
    url = f"{API}/calls/{world.application.call.code}/approved-payments/"
    assert client_for(world.reviewer).get(url).json()["results"] == []
    services.fire(world.decider, "schijf", advance.pk, "approve")
    rows = client_for(world.reviewer).get(url).json()["results"]
    assert [(r["id"], r["amount"], r["year"]) for r in rows] == [(advance.pk, f"{advance.amount:.2f}", 2023)]
    assert rows[0]["message"] == f"{world.application.dossier_number} voorschot 2023"
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert client_for(world.reviewer).get(url, {"updated_since": later}).json()["results"] == []
    assert_error(client_for(world.applicant).get(url), 404)
    services.fire(world.reviewer, "schijf", advance.pk, "mark_paid",
                  {"paid_on": "2023-05-02", "reference": "BET-1"})
    assert client_for(world.reviewer).get(url).json()["results"] == []  # paid: no longer to pay


def test_the_report_and_the_dossier_read_as_their_pages_show_them(world):
    report = services.save_report(world.applicant, world.application.pk, 2023, w.full_report_data(world))
    attachment = _upload(world, report)
    services.fire(world.applicant, "jaarverslag", report.pk, "submit", {"declaration": True})
    services.fire(world.reviewer, "jaarverslag", report.pk, "request_changes",
                  {"question": "Licht de lagere besteding van lijn 2 toe."})
    applicant = client_for(world.applicant)
    read = applicant.get(f"{API}/applications/{world.application.pk}/reports/2023/").json()
    assert [a["id"] for a in read["attachments"]] == [attachment]
    assert [(q["question"], q["answered_at"]) for q in read["questions"]] == [
        ("Licht de lagere besteding van lijn 2 toe.", None)]
    steps = [e["step"] for e in applicant.get(f"{API}/applications/{world.application.pk}/aftercare/").json()[
        "events"]]
    assert steps[-3:] == ["start", "submit", "request_changes"]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert applicant.get(f"{API}/reports/", {"updated_since": later}).json()["results"] == []
    assert [r["id"] for r in applicant.get(f"{API}/reports/").json()["results"]] == [report.pk]


def test_tranches_and_recoveries_read_incrementally_by_their_steps(world):
    reviewer = client_for(world.reviewer)
    assert reviewer.get(f"{API}/tranches/").json()["count"] == 6  # three years, advance and balance
    moment = timezone.now().isoformat()
    advance = world.tranche(2023, "voorschot")
    services.fire(world.reviewer, "schijf", advance.pk, "propose")
    changed = reviewer.get(f"{API}/tranches/", {"updated_since": moment}).json()["results"]
    assert [t["id"] for t in changed] == [advance.pk]
    assert reviewer.get(f"{API}/recoveries/", {"updated_since": moment}).json()["results"] == []
    assert_error(reviewer.get(f"{API}/tranches/", {"updated_since": "gisteren"}), 400)
