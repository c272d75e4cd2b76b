"""Issue 15 through the API, as on the pages: registering a samenwerkingsverband and the
department's decision on it, an application's partnership, and the department's work queue."""

import pytest

from grants.models import Municipality, MunicipalityMembership, RegistrationStatus
from grants.roles import Role
from tests import factories
from tests.api_world import API, assert_error, client_for
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def kuurne_clerk(reference_data):
    clerk = factories.make_user(username="kuurne-api")
    MunicipalityMembership.objects.create(user=clerk, municipality=Municipality.objects.get(name="Kuurne"))
    return clerk


def nis(*names):
    return [m.nis_code for m in factories.municipalities(*names)]


def test_a_registration_through_the_api_is_confirmed_by_the_department(kuurne_clerk):
    body = {"name": "Regio Leie-Schelde", "kind": "samenwerkingsverband", "legal_form": "projectvereniging",
            "lead_municipality": nis("Kuurne")[0], "members": nis("Harelbeke", "Zwevegem")}
    response = client_for(kuurne_clerk).post(f"{API}/registrations/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == RegistrationStatus.AANGEMELD
    assert sorted(created["members"]) == sorted(nis("Kuurne", "Harelbeke", "Zwevegem"))
    assert [r["id"] for r in client_for(kuurne_clerk).get(f"{API}/registrations/").json()] == [created["id"]]

    step = f"{API}/registrations/{created['id']}/steps/"
    assert_error(client_for(kuurne_clerk).post(f"{step}confirm/", {}, format="json"), 403)
    admin = factories.make_user(Role.BEHEERDER)
    error = assert_error(client_for(admin).post(f"{step}refuse/", {}, format="json"), 400)
    assert "reason" in error["fields"]
    confirmed = client_for(admin).post(f"{step}confirm/", {}, format="json").json()
    assert confirmed["status"] == RegistrationStatus.BEVESTIGD and confirmed["applicant"]


def test_a_centrumstad_claim_through_the_api_is_refused_clearly(kuurne_clerk):
    body = {"name": "Stad Kuurne", "kind": "centrumstad", "lead_municipality": nis("Kuurne")[0]}
    error = assert_error(client_for(kuurne_clerk).post(f"{API}/registrations/", body, format="json"), 400)
    assert "Kuurne staat niet op de lijst van centrumsteden" in " ".join(error["fields"]["kind"])


def test_the_partnership_is_put_by_the_applicant_only(open_call, region, kuurne_clerk):
    application = factories.make_application(open_call, region, members=("Kortrijk", "Kuurne"),
                                             complete=False)
    applicant_user = factories.make_user(organisation=region)
    url = f"{API}/applications/{application.pk}/partnership/"
    body = {"partnership_status": "gewijzigd", "joined": nis("Kuurne"), "left": nis("Zwevegem")}
    assert client_for(applicant_user).put(url, body, format="json").status_code == 200
    application.refresh_from_db()
    assert application.partnership_status == "gewijzigd"
    assert list(application.left_municipalities.values_list("name", flat=True)) == ["Zwevegem"]
    assert_error(client_for(kuurne_clerk).put(url, body, format="json"), 403)  # a member reads, never writes
    outsider = factories.make_user(organisation=factories.make_applicant(name="Elders", lead="Gent"))
    assert_error(client_for(outsider).put(url, body, format="json"), 404)


def test_the_work_queue_lists_the_reviewers_dossiers_and_is_closed_to_others(call, kuurne_clerk):
    application = factories.make_application(call=call)
    factories.bulk_applications(call, 1)
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    from grants.models import Application

    Application.objects.filter(pk=application.pk).update(status="ingediend", dossier_number="LR-Q-001")
    services.assign_reviewer(factories.make_user(Role.BEHEERDER), [application.pk], reviewer)
    (row,) = client_for(reviewer).get(f"{API}/work-queue/").json()
    assert (row["application"], row["dossier_number"], row["reason"]) == (
        application.pk, "LR-Q-001", "Wacht op uw behandeling.")
    assert_error(client_for(kuurne_clerk).get(f"{API}/work-queue/"), 404)
