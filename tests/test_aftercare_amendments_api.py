"""Changes, appeals and the letters' series through the API (issue 23): the same services as the
pages, the same refusals."""

import pytest
from rest_framework.test import APIClient

from tests import aftercare_world as w
from tests.test_aftercare import pdf_text
from workflow.letters.services import get_or_create_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(call):
    world = w.granted_world(call)
    get_or_create_letter(world.application.pk)
    return world


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_reconsideration_through_the_api_ends_in_a_second_letter(world):
    base = f"/api/v1/applications/{world.application.pk}"
    filed = api(world.applicant).post(
        f"{base}/appeals/", {"kind": "heroverweging", "grounds": "Te laag."}, format="json"
    )
    assert filed.status_code == 201, filed.content
    appeal = filed.json()["id"]
    steps = api(world.reviewer).get(f"/api/v1/appeals/{appeal}/steps/").json()
    assert "propose" in [s["name"] for s in steps]
    bad = api(world.reviewer).post(
        f"/api/v1/appeals/{appeal}/steps/propose/", {"motivation": "x"}, format="json"
    )
    assert bad.status_code == 400
    amounts = {"2023": "50000.00", "2024": "50000.00", "2025": "55000.00"}
    proposed = api(world.reviewer).post(
        f"/api/v1/appeals/{appeal}/steps/propose/",
        {"amounts": amounts, "motivation": "Verhoogd."},
        format="json",
    )
    assert proposed.status_code == 200, proposed.content
    assert (
        api(world.reviewer).post(f"/api/v1/appeals/{appeal}/steps/decide/", {}, format="json").status_code
        == 403
    )
    decided = api(world.decider).post(
        f"/api/v1/appeals/{appeal}/steps/decide/", {"signer_function": "secretaris-generaal"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    letters = api(world.applicant).get(f"{base}/amendments/").json()["letters"]
    assert [(letter["position"], letter["current"]) for letter in letters] == [(1, False), (2, True)]
    first = api(world.applicant).get(f"{base}/letters/1/")
    assert first.status_code == 200 and letters[0]["number"] in pdf_text(b"".join(first.streaming_content))


def test_a_change_through_the_api_and_a_stranger_sees_nothing(call, world):
    base = f"/api/v1/applications/{world.application.pk}"
    response = api(world.applicant).post(
        f"{base}/changes/",
        {
            "kind": "regisseur",
            "effective_on": "2024-03-01",
            "description": "Nieuwe regisseur.",
            "director_name": "An Peeters",
            "director_email": "an@example.be",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    stranger = w.granted_world(call, name="Regio Gent", lead="Gent")
    assert api(stranger.applicant).get(f"{base}/amendments/").status_code == 404
    assert api(stranger.applicant).get(f"/api/v1/changes/{response.json()['id']}/steps/").status_code == 404
    accepted = api(world.reviewer).post(
        f"/api/v1/changes/{response.json()['id']}/steps/accept/", {}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "aanvaard"
