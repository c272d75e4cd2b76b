"""The applicant's pages as a clerk uses them: start, fill each section, see the checklist
shrink, submit with the declaration and get the receipt; and who may see what."""

import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, ApplicationStatus, Municipality, OrganisationMembership, PartnerType
from grants.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def ids(*names):
    return [m.pk for m in factories.municipalities(*names)]


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_home_lists_the_open_call_with_time_left_and_a_start_button(client, clerk, open_call):
    page = text(client.get(reverse("home")))
    assert open_call.title in page
    # The deadline as the call says it, with its weekday and hour, and the expected decision.
    day = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")[
        timezone.localtime(open_call.deadline).weekday()]
    assert f"Indienen kan tot {day} {timezone.localtime(open_call.deadline):%-d} " in page
    assert " om 23:59 (Brusselse tijd)" in page
    assert f"De beslissing wordt verwacht tegen {open_call.decision_expected:%d/%m/%Y}." in page
    assert "Aanvraag starten voor Regio Zuid-West" in page


def test_start_as_samenwerkingsverband_saves_a_concept_with_its_members(client, clerk, region, open_call):
    response = client.post(reverse("application-start", args=[open_call.code]), {
        "applicant": region.pk, "municipalities": ids("Kortrijk", "Kuurne", "Harelbeke")})
    application = Application.objects.get(applicant=region, call=open_call)
    assert response.url == reverse("application-overview", args=[application.pk])
    assert application.status == ApplicationStatus.CONCEPT
    names = sorted(application.municipalities.values_list("name", flat=True))
    assert names == ["Harelbeke", "Kortrijk", "Kuurne"]
    page = text(client.get(response.url))
    assert "Vul de omgevingsanalyse in." in page  # the checklist of a fresh concept


def test_live_population_total_for_the_ticked_municipalities(client, clerk, open_call):
    chosen = factories.municipalities("Kortrijk", "Kuurne")
    response = client.post(reverse("population-total", args=[open_call.code]),
                           {"municipalities": [m.pk for m in chosen]}, HTTP_HX_REQUEST="true")
    total = f"{sum(m.population for m in chosen):,}".replace(",", ".")
    assert f"Samen <strong>{total}</strong> inwoners" in response.content.decode()


def test_a_city_starts_alone_for_its_own_municipality(client, open_call):
    city = factories.make_applicant(name="Stad Genk", kind="centrumstad", lead="Genk")
    client.force_login(factories.make_user(Role.AANVRAGER, organisation=city))
    client.post(reverse("application-start", args=[open_call.code]), {"applicant": city.pk})
    application = Application.objects.get(applicant=city)
    assert list(application.municipalities.values_list("name", flat=True)) == ["Genk"]


def test_every_section_saves_as_a_draft_and_the_checklist_links_to_what_is_missing(client, clerk, region,
                                                                                    open_call):
    application = factories.make_application(call=open_call, applicant=region, complete=False)
    overview = text(client.get(reverse("application-overview", args=[application.pk])))
    plan_url = reverse("application-plan", args=[application.pk])
    assert f'href="{plan_url}">Vul de omgevingsanalyse in.' in overview

    response = client.post(plan_url, {"environment_analysis": "Veel langdurig werkzoekenden.",
                                      "vision": "Iedereen aan de slag."})
    assert response.status_code == 302
    response = client.post(reverse("application-contacts", args=[application.pk]), {
        "contact_name": "An Peeters", "contact_email": "an@example.be", "director_name": "Jan Janssens",
        "iban": "BE71 0961 2345 6769"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.iban == "BE71096123456769"
    assert application.vision == "Iedereen aan de slag."
    overview = text(client.get(reverse("application-overview", args=[application.pk])))
    assert "Vul de omgevingsanalyse in." not in overview
    assert "Voeg voor 2023 minstens één actie toe onder WSE-LR1." in overview


def test_actions_indicators_and_budget_with_totals_in_euro(client, clerk, region, open_call):
    application = factories.make_application(call=open_call, applicant=region, complete=False)
    priority = open_call.priorities.get(code="WSE-LR2")
    response = client.post(reverse("application-action-new", args=[application.pk]), {
        "priority": priority.pk, "title": "Jobcoaching", "description": "Coaching op de werkvloer",
        "years": [2023, 2024, 2025], "partners": list(PartnerType.objects.filter(
            code__in=["vdab", "ocmw"]).values_list("pk", flat=True)), "bbc_code": "AC-12"})
    action = application.actions.get()
    assert response.url == reverse("application-action", args=[application.pk, action.pk])
    assert sorted(y.year for y in action.years.all()) == [2023, 2024, 2025]
    assert action.bbc_code == "AC-12"

    client.post(reverse("application-indicator-new", args=[application.pk, action.pk]), {
        "name": "Deelnemers", "unit": "personen", "baseline": "5",
        "target_2023": "10", "target_2024": "15", "target_2025": "20"})
    assert action.indicators.get().targets == {"2023": "10", "2024": "15", "2025": "20"}

    for year, amount in ((2023, "45.000,00"), (2024, "46.350,50"), (2025, "47.741")):
        client.post(reverse("application-budget", args=[application.pk]), {
            "year": year, "category": "personeel_regisseur", "source": "subsidie", "amount": amount})
    client.post(reverse("application-budget", args=[application.pk]), {
        "year": 2023, "category": "werking", "source": "eigen_inbreng", "amount": "1234,56"})
    page = text(client.get(reverse("application-budget", args=[application.pk])))
    assert "€ 46.234,56" in page  # 2023: 45.000,00 + 1.234,56
    assert "€ 140.326,06" in page  # 45.000 + 46.350,50 + 47.741 + 1.234,56


def test_attachment_is_served_to_its_applicant_and_the_department_and_404_for_others(
        client, clerk, region, open_call):
    application = factories.make_application(call=open_call, applicant=region)
    attachment = application.attachments.first()
    url = reverse("attachment-download", args=[application.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    assert client.get(url).status_code == 200
    other = factories.make_applicant(name="Regio Elders", lead="Gent")
    client.force_login(factories.make_user(Role.AANVRAGER, organisation=other))
    assert client.get(url).status_code == 404
    assert client.get(reverse("application-overview", args=[application.pk])).status_code == 404


def test_submit_with_declaration_shows_the_receipt_with_number_time_and_hash(
        client, clerk, region, open_call):
    application = factories.make_application(call=open_call, applicant=region)
    page = text(client.get(reverse("portal-submit", args=[application.pk])))
    assert "De checklist is leeg" in page
    refused = client.post(reverse("portal-submit", args=[application.pk]), {})
    assert "Bevestig de verklaring op erewoord om in te dienen." in text(refused)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONCEPT

    response = client.post(reverse("portal-submit", args=[application.pk]), {"declaration": "on"})
    assert response.url == reverse("portal-receipt", args=[application.pk])
    application.refresh_from_db()
    version = application.versions.get()
    receipt = text(client.get(response.url))
    assert "OEF-LR-2023-001" in receipt
    assert version.sha256 in receipt
    local = version.created_at.astimezone(ZoneInfo("Europe/Brussels"))
    assert local.strftime("%d/%m/%Y om %H:%M:%S") in receipt


def test_status_page_shows_state_and_only_the_history_meant_for_the_applicant(
        client, clerk, region, open_call):
    from workflow import services
    from workflow.models import AuditEvent

    application = factories.make_application(call=open_call, applicant=region)
    services.fire(clerk, application.pk, "submit", {"declaration": "on"})
    AuditEvent.objects.create(application=application, kind="assignment", actor=clerk,
                              comment="Interne toewijzing", visible_to_applicant=False)
    page = text(client.get(reverse("portal-status", args=[application.pk])))
    assert "ingediend" in page
    assert "Indienen" in page
    assert "Interne toewijzing" not in page


def test_withdraw_frees_the_municipalities(client, clerk, region, open_call):
    application = factories.make_application(call=open_call, applicant=region)
    response = client.post(reverse("portal-withdraw", args=[application.pk]),
                           {"comment": "Fusie van gemeenten."})
    assert response.url == reverse("home")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INGETROKKEN
    kortrijk = Municipality.objects.get(name="Kortrijk")
    assert not kortrijk.applicationmunicipality_set.filter(active=True).exists()


@pytest.fixture
def eager_tasks():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_the_receipt_is_also_e_mailed_to_the_contact(
        client, clerk, region, open_call, mailoutbox, eager_tasks, django_capture_on_commit_callbacks):
    application = factories.make_application(call=open_call, applicant=region)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal-submit", args=[application.pk]), {"declaration": "on"})
    sent = [m for m in mailoutbox if "an.peeters@example.be" in m.to]
    assert sent and "OEF-LR-2023-001" in sent[0].body


def test_a_clarification_request_is_answered_and_resubmitted(client, clerk, region, open_call):
    from workflow import services
    from workflow.models import ClarificationRequest

    application = factories.make_application(call=open_call, applicant=region)
    services.fire(clerk, application.pk, "submit", {"declaration": "on"})
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    services.fire(reviewer, application.pk, "declare_admissible")
    services.declare_conflict(reviewer, application.pk, has_conflict=False)
    services.fire(reviewer, application.pk, "start_assessment")
    services.fire(reviewer, application.pk, "request_clarification",
                  {"question": "Welke partners werken mee aan WSE-LR4?"})
    request = ClarificationRequest.objects.get()

    status_url = reverse("portal-status", args=[application.pk])
    page = text(client.get(status_url))
    assert "Welke partners werken mee aan WSE-LR4?" in page
    local_deadline = request.deadline.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y om 23:59")
    assert f"Antwoorden kan tot {local_deadline} (Brusselse tijd)." in page
    # While a clarification is asked, the plan may be changed again.
    assert client.post(reverse("application-plan", args=[application.pk]), {
        "environment_analysis": "Aangevuld.", "vision": "Met VDAB en wijk-werken."}).status_code == 302

    refused = client.post(status_url, {"answer": ""})
    assert "Schrijf uw antwoord op de vraag." in text(refused)
    response = client.post(status_url, {"answer": "VDAB en de wijk-werkenorganisator."}, follow=True)
    assert "Uw aanvulling is ingediend." in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_BEOORDELING
    assert application.versions.count() == 2
    assert application.versions.order_by("number").last().data["plan"]["vision"] == "Met VDAB en wijk-werken."


def test_after_the_decision_the_applicant_downloads_the_letter(client, clerk, region, call):
    from workflow.letters.services import get_or_create_letter

    application = factories.decide(factories.make_application(call=call, applicant=region))
    get_or_create_letter(application.pk)
    page = text(client.get(reverse("portal-status", args=[application.pk])))
    assert "toegekend" in page
    download = reverse("letter-download", args=[application.pk])
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_home_runs_the_same_queries_for_one_or_ten_submitted_applications(
        client, clerk, open_call, django_assert_num_queries):
    def submitted_for_the_clerk(count):
        for application in factories.bulk_applications(open_call, count, prefix=f"H{count}"):
            OrganisationMembership.objects.create(user=clerk, applicant=application.applicant)

    submitted_for_the_clerk(1)
    with CaptureQueriesContext(connection) as one:
        assert "H1-" in text(client.get(reverse("home")))
    submitted_for_the_clerk(9)
    with django_assert_num_queries(len(one)):
        assert text(client.get(reverse("home"))).count("H9-") == 9


def test_the_pages_render_in_english_too(client, clerk, region, open_call, settings):
    application = factories.make_application(call=open_call, applicant=region)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for name in ("application-overview", "application-members", "application-actions", "application-budget",
                 "application-attachments", "portal-submit"):
        response = client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 200, name
        assert '<html lang="en">' in response.content.decode(), name


def test_the_overview_shows_the_open_question_and_the_status_page_the_decision(client, clerk, region, call):
    from workflow import services

    application = factories.decide(factories.make_application(call=call, applicant=region),
                                   "gedeeltelijke_toekenning")
    page = text(client.get(reverse("portal-status", args=[application.pk])))
    assert "Gedeeltelijke toekenning" in page and "€ 25.000,00" in page
    assert call.decision_expected.strftime("%d/%m/%Y") in page

    other = factories.make_applicant(name="Regio Gent", lead="Gent")
    member = factories.make_user(organisation=other)
    asked = factories.make_application(call=call, applicant=other, members=("Gent", "Merelbeke"))
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    with time_machine.travel(call.deadline - (call.deadline - call.opens_at) / 2, tick=False):
        services.fire(member, asked.pk, "submit", {"declaration": "on"})
        services.fire(reviewer, asked.pk, "declare_admissible")
        services.declare_conflict(reviewer, asked.pk, has_conflict=False)
        services.fire(reviewer, asked.pk, "start_assessment")
        services.fire(reviewer, asked.pk, "request_clarification", {"question": "Welke partners?"})
        client.force_login(member)
        page = text(client.get(reverse("application-overview", args=[asked.pk])))
    assert "Welke partners?" in page and "Antwoorden kan tot" in page


def test_a_rehearsal_call_is_explained_where_the_applicant_sees_it(client, clerk, open_call):
    open_call.is_rehearsal = True
    open_call.save()
    assert "Dit is een oefenoproep" in text(client.get(reverse("home")))
