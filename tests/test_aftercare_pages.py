"""The aftercare's pages as their users meet them: the applicant fills in and submits the
year's report and answers a question; the department reviews it, pays and reclaims; a refused
write says why and changes nothing; another organisation sees nothing (404)."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftercare import services as aftercare_services
from aftercare.models import ReportStatus, TrancheStatus
from aftercare.money import underspent
from grants.formatting import format_eur
from grants.models import BudgetLine
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories
from tests.test_aftercare_api import api, report_body
from tests.test_portal_contents_cache import read_twice
from tests.test_uploads import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(call):
    return w.granted_world(call)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_fills_in_saves_and_submits_the_report_on_its_page(world):
    client = as_user(world.applicant)
    url = reverse("portal-report", args=[world.application.pk, 2023])
    page = client.get(url)
    assert page.status_code == 200 and "in te dienen uiterlijk op 31/03/2024" in page.content.decode()
    data = w.full_report_data(world)
    line = BudgetLine.objects.filter(application=world.application, year=2023).first()
    response = client.post(url, {**data, f"line_{line.pk}": "1.2.3", "action": "save"})
    assert response.status_code == 400 and "Er is niets bewaard" in response.content.decode()
    assert not world.application.yearly_reports.exists()
    response = client.post(url, {**data, "action": "submit"})  # without the declaration
    assert response.status_code == 400 and "Bevestig de verklaring op erewoord" in response.content.decode()
    response = client.post(url, {**data, "action": "submit", "declaration": "on"}, follow=True)
    assert "Uw jaarverslag 2023 is ingediend." in response.content.decode()
    assert world.report().status == ReportStatus.INGEDIEND
    overview = client.get(reverse("portal-aftercare", args=[world.application.pk])).content.decode()
    assert "ingediend" in overview and "€ 60.000,00" in overview


def test_an_incomplete_report_is_refused_on_the_page_with_what_is_missing(world):
    client = as_user(world.applicant)
    url = reverse("portal-report", args=[world.application.pk, 2023])
    response = client.post(url, {"narrative": "", "action": "submit", "declaration": "on"})
    assert response.status_code == 400
    assert "Schrijf het verslag over het werkingsjaar." in response.content.decode()
    assert world.report().status == ReportStatus.CONCEPT


def test_a_report_attachment_is_checked_like_the_applications(world):
    client = as_user(world.applicant)
    url = reverse("portal-report", args=[world.application.pk, 2023])
    fake = SimpleUploadedFile("verslag.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"action": "upload", "file": fake})
    assert response.status_code == 400 and "is geen PDF-bestand" in response.content.decode()
    real = SimpleUploadedFile("verslag.pdf", real_pdf("Jaarverslag 2023"), content_type="application/pdf")
    client.post(url, {"action": "upload", "file": real})
    assert world.report().attachments.get().original_name == "verslag.pdf"


def test_the_department_asks_for_bijsturing_and_approves_on_its_step_pages(world):
    report = w.submitted_report(world)
    client = as_user(world.reviewer)
    assert "Bijsturing vragen" in client.get(reverse("department-report", args=[report.pk])).content.decode()
    step = reverse("department-aftercare-step", args=["jaarverslag", report.pk, "request_changes"])
    assert client.post(step, {"question": ""}).status_code == 400
    client.post(step, {"question": "Licht de daling toe."})
    report.refresh_from_db()
    assert report.status == ReportStatus.BIJSTURING_GEVRAAGD
    page = as_user(world.applicant).get(reverse("portal-report", args=[world.application.pk, 2023]))
    assert "Licht de daling toe." in page.content.decode()


def test_a_payment_is_proposed_and_approved_by_someone_else_on_the_dossier_page(world):
    advance = world.tranche(2023, "voorschot")
    reviewer = as_user(world.reviewer)
    page = reviewer.get(reverse("department-aftercare", args=[world.application.pk])).content.decode()
    assert "Betaling voorstellen" in page
    reviewer.post(reverse("department-aftercare-step", args=["schijf", advance.pk, "propose"]), {})
    refused = reviewer.get(reverse("department-aftercare-step", args=["schijf", advance.pk, "approve"]))
    assert refused.status_code == 403
    as_user(world.decider).post(
        reverse("department-aftercare-step", args=["schijf", advance.pk, "approve"]), {}
    )
    advance.refresh_from_db()
    assert advance.status == TrancheStatus.GOEDGEKEURD


def test_another_organisation_and_an_applicant_on_department_pages_get_404(world):
    report = w.submitted_report(world)
    stranger = as_user(
        factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(name="Ander"))
    )
    for url in (
        reverse("portal-aftercare", args=[world.application.pk]),
        reverse("portal-report", args=[world.application.pk, 2023]),
    ):
        assert stranger.get(url).status_code == 404
    applicant = as_user(world.applicant)
    for url in (
        reverse("department-report", args=[report.pk]),
        reverse("department-aftercare", args=[world.application.pk]),
        reverse("department-reports", args=[world.application.call.code]),
    ):
        assert applicant.get(url).status_code == 404


def test_the_lists_and_the_dossier_page_open_in_english_too(world):
    client = as_user(world.reviewer)
    w.submitted_report(world)
    for name, args in (
        ("department-reports", [world.application.call.code]),
        ("department-payments", [world.application.call.code]),
        ("department-aftercare", [world.application.pk]),
    ):
        assert client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_status_page_shows_the_years_reports_and_payments_and_the_dashboard_the_money(world):
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    w.submitted_report(world)
    status = as_user(world.applicant).get(reverse("portal-status", args=[world.application.pk]))
    status = status.content.decode()
    assert "ingediend — uiterlijk 31/03/2024" in status and "€ 60.000,00" in status
    dashboard = as_user(world.reviewer).get(
        reverse("department-dashboard", args=[world.application.call.code])
    )
    assert "Betalingen per jaar, tegenover het budget" in dashboard.content.decode()


def test_the_department_filters_the_reports_by_status_year_and_name(world, call):
    w.submitted_report(world)
    other = w.granted_world(call, name="Regio Westhoek", lead="Gent")
    aftercare_services.save_report(other.applicant, other.application.pk, 2024, {"narrative": "Concept."})
    client = as_user(world.reviewer)
    url = reverse("department-reports", args=[call.code])

    def listed(query) -> list[str]:
        return [r.application.applicant.name for r in client.get(url, query).context["page"]]

    assert listed({}) == ["Regio Leiestreek", "Regio Westhoek"]
    assert listed({"status": "ingediend"}) == ["Regio Leiestreek"]
    assert listed({"year": "2024"}) == ["Regio Westhoek"]
    assert listed({"q": "westhoek"}) == ["Regio Westhoek"]
    assert listed({"year": "1999"}) == listed({})  # an unknown year is no filter, never an error


# --- the department's aftercare page from the cache (grants.contents_cache) -----------------------


@pytest.fixture
def cached(world, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()
    return world


def aftercare_page(user, world) -> str:
    """The department's aftercare page of the dossier, read twice: the second from the cache."""
    return read_twice(as_user(user), "department-aftercare", world.application)


def year_of(page: str, year: int = 2023) -> str:
    return page.split(f'id="year-{year}"')[1].split("</section>")[0]


def history_of(page: str) -> str:
    return page.split("Geschiedenis</h2>")[1]


def test_the_aftercare_of_the_dossier_is_read_from_the_cache(cached):
    client, url = as_user(cached.reviewer), reverse("department-aftercare", args=[cached.application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = [q["sql"] for q in queries]
    for table in ("aftercare_tranche", "aftercare_yearlyreport", "aftercare_recovery",
                  "aftercare_aftercareevent", "aftercare_laterdecision", "workflow_decisionproposal",
                  "grants_reportduedate"):
        assert not any(sql.startswith(f'SELECT "{table}"') for sql in read), table


def test_a_payment_on_the_page_and_through_the_api_shows_at_once_with_each_users_own_steps(cached):
    world, advance = cached, cached.tranche(2023, "voorschot")
    assert "Betaling voorstellen" in aftercare_page(world.reviewer, world)
    as_user(world.reviewer).post(reverse("department-aftercare-step", args=["schijf", advance.pk, "propose"]))
    shown = aftercare_page(world.reviewer, world)
    assert "ter goedkeuring" in year_of(shown)
    assert "Betaling voorstellen (ter goedkeuring)" in history_of(shown)
    assert "Betaling goedkeuren" not in shown  # four eyes: not for who proposed it
    assert "Betaling goedkeuren" in aftercare_page(world.decider, world)
    assert api(world.decider).post(f"/api/v1/tranches/{advance.pk}/steps/approve/", {},
                                   format="json").status_code == 200
    assert "Als betaald registreren" in aftercare_page(world.reviewer, world)
    assert api(world.reviewer).post(f"/api/v1/tranches/{advance.pk}/steps/mark_paid/", {
        "paid_on": "2023-06-03", "reference": "BET-2023-17"}, format="json").status_code == 200
    shown = aftercare_page(world.reviewer, world)
    assert "03/06/2023 (BET-2023-17)" in year_of(shown)
    assert f"Betaald</dt><dd>{format_eur(advance.amount)}" in shown


def test_a_report_and_a_recovery_on_the_pages_and_through_the_api_show_at_once(cached):
    world = cached
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    assert "nog niet begonnen" in year_of(aftercare_page(world.reviewer, world))
    url, body = f"/api/v1/applications/{world.application.pk}/reports/2023/", report_body(world)
    for line in body["budget_lines"]:
        line["spent"] = "10.000,00"
    assert api(world.applicant).put(url, body, format="json").status_code == 200
    submit = f"/api/v1/reports/{world.report().pk}/steps/submit/"
    assert api(world.applicant).post(submit, {"declaration": True}, format="json").status_code == 200
    assert "ingediend" in year_of(aftercare_page(world.reviewer, world))
    as_user(world.reviewer).post(reverse("department-aftercare-step",
                                         args=["jaarverslag", world.report().pk, "approve"]), {})
    shown = aftercare_page(world.reviewer, world)
    # 20.000 spent of the 60.000 paid: the form suggests reclaiming the rest.
    assert underspent(world.application, 2023) == 40000
    assert "goedgekeurd" in year_of(shown) and 'name="amount" value="40.000"' in shown
    as_user(world.reviewer).post(reverse("department-aftercare", args=[world.application.pk]), {
        "year": "2023", "reason": "onderbesteding", "amount": "40.000", "motivation": "Te weinig."})
    shown = aftercare_page(world.reviewer, world)
    assert "Terugvordering voorgesteld" in history_of(shown) and "Geen terugvorderingen." not in shown
    recovery = world.application.recoveries.get()
    assert api(world.decider).post(f"/api/v1/recoveries/{recovery.pk}/steps/decide/", {},
                                   format="json").status_code == 200
    shown = aftercare_page(world.reviewer, world)
    assert "brief 1 (PDF)" in shown and f"Terug te betalen</dt><dd>{format_eur(recovery.amount)}" in shown


def test_a_refused_proposal_shows_what_was_typed_and_why_and_the_next_view_the_suggestion_again(cached):
    world = cached
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    page, url = as_user(world.reviewer), reverse("department-aftercare", args=[world.application.pk])
    response = page.post(url, {"year": "2023", "reason": "voorwaarde", "amount": "999.999,00",
                               "motivation": "Te veel."})
    shown = response.content.decode()
    assert response.status_code == 400 and "niet meer terugvorderen dan er voor 2023 betaald is" in shown
    assert 'value="999.999,00"' in shown and "Te veel." in shown
    assert "Te veel." not in aftercare_page(world.reviewer, world)
