"""The aftercare through the API does what the pages do, with the same services: the applicant
saves and submits a report, the department reviews it, pays a balance by four eyes and reads
the money per year; refusals come in the API's one error shape."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from aftercare import services
from aftercare.models import ReportStatus, TrancheStatus
from grants.models import BudgetLine
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(call):
    return w.granted_world(call)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_body(world, year=2023) -> dict:
    data = w.full_report_data(world, year)
    application = world.application
    return {
        "narrative": data["narrative"],
        "actions": [
            {"action": a.pk, "execution": "uitgevoerd"} for a in application.actions.filter(years__year=year)
        ],
        "indicators": [
            {"indicator": int(k.split("_")[1]), "realised": v}
            for k, v in data.items()
            if k.startswith("indicator_")
        ],
        "budget_lines": [
            {"budget_line": line.pk, "spent": "45.000,00"}
            for line in BudgetLine.objects.filter(application=application, year=year)
        ],
    }


def test_the_applicant_saves_and_submits_the_report_and_the_department_approves_it(world):
    applicant, url = api(world.applicant), f"/api/v1/applications/{world.application.pk}/reports/2023/"
    response = applicant.put(url, report_body(world), format="json")
    assert response.status_code == 200, response.json()
    assert {line["spent"] for line in response.json()["budget_lines"]} == {"45000.00"}
    report = world.report()
    assert applicant.get(f"/api/v1/reports/{report.pk}/steps/").json()[0]["name"] == "submit"
    refused = applicant.post(f"/api/v1/reports/{report.pk}/steps/submit/", {}, format="json")
    assert refused.status_code == 400 and "declaration" in refused.json()["error"]["fields"]
    assert (
        applicant.post(
            f"/api/v1/reports/{report.pk}/steps/submit/", {"declaration": True}, format="json"
        ).status_code
        == 200
    )
    assert applicant.put(url, report_body(world), format="json").status_code == 409
    reviewer = api(world.reviewer)
    listed = reviewer.get("/api/v1/reports/", {"call": world.application.call.code, "status": "ingediend"})
    assert [r["id"] for r in listed.json()["results"]] == [report.pk]
    assert reviewer.post(f"/api/v1/reports/{report.pk}/steps/approve/", {}, format="json").status_code == 200
    assert world.report().status == ReportStatus.GOEDGEKEURD


def test_a_balance_is_paid_by_four_eyes_through_the_api_and_counted_per_year(world):
    w.approved_report(world)
    balance = world.tranche(2023, "saldo")
    reviewer, decider = api(world.reviewer), api(world.decider)
    assert (
        reviewer.post(f"/api/v1/tranches/{balance.pk}/steps/propose/", {}, format="json").status_code == 200
    )
    refused = reviewer.post(f"/api/v1/tranches/{balance.pk}/steps/approve/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["message"]
    assert decider.post(f"/api/v1/tranches/{balance.pk}/steps/approve/", {}, format="json").status_code == 200
    response = reviewer.post(
        f"/api/v1/tranches/{balance.pk}/steps/mark_paid/",
        {"paid_on": "2024-06-03", "reference": "BET-2024-17"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == TrancheStatus.BETAALD
    figures = reviewer.get(f"/api/v1/calls/{world.application.call.code}/payments/").json()
    assert figures[0] == {
        "year": 2023,
        "envelope": "3000000.00",
        "committed": "100000.00",
        "approved": "40000.00",
        "paid": "40000.00",
        "recovered": "0.00",
    }
    assert (
        api(world.applicant).get(f"/api/v1/calls/{world.application.call.code}/payments/").status_code == 403
    )


def test_another_organisation_gets_404_for_reports_and_steps(world):
    report = w.submitted_report(world)
    stranger = api(factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(name="Ander")))
    assert stranger.get(f"/api/v1/applications/{world.application.pk}/reports/2023/").status_code == 404
    assert stranger.get(f"/api/v1/reports/{report.pk}/steps/").status_code == 404
    assert stranger.get("/api/v1/reports/").json()["results"] == []


def test_the_applicant_learns_of_a_recovery_only_once_it_is_decided(world):
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    recovery = services.propose_recovery(world.reviewer, world.application.pk, {
        "year": "2023", "reason": "voorwaarde", "amount": "1.000,00",
        "motivation": "Intern: nog na te gaan."})
    applicant = api(world.applicant)
    assert applicant.get("/api/v1/recoveries/").json()["results"] == []
    assert applicant.get(f"/api/v1/applications/{world.application.pk}/aftercare/").json()["recoveries"] == []
    page = as_client(world.applicant).get(reverse("portal-aftercare", args=[world.application.pk]))
    assert (
        "Intern: nog na te gaan." not in page.content.decode()
        and "Terugvorderingen" not in page.content.decode()
    )
    services.fire(world.decider, "terugvordering", recovery.pk, "decide")
    assert [r["amount"] for r in applicant.get("/api/v1/recoveries/").json()["results"]] == ["1000.00"]
    assert api(world.reviewer).get("/api/v1/recoveries/").json()["count"] == 1
