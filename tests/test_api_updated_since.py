"""Incremental reads for BI tooling: every list takes ?updated_since= and returns only what
changed at or after that moment."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
import yaml
from django.utils import timezone

from grants.models import Municipality
from tests import factories
from tests.api_world import API, assert_error, build_world, client_for

pytestmark = pytest.mark.django_db

DOCUMENT = yaml.safe_load((Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml").read_text())
# Lists without rows that change: the fixed statuses, the steps open now (an application's, an
# aftercare object's), what waits for you now and the money per year summed now (not records).
NOT_RECORDS = {"/api/v1/statuses/", "/api/v1/applications/{id}/transitions/", "/api/v1/work-queue/",
               "/api/v1/{resource}/{id}/steps/", "/api/v1/calls/{code}/payments/"}


def _lists():
    for path, item in DOCUMENT["paths"].items():
        answer = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        schema = answer.get("application/json", {}).get("schema", {})
        if schema.get("type") == "array" or schema.get("$ref", "").split("/")[-1].startswith("Paginated"):
            yield path, item["get"]


@pytest.mark.parametrize(("path", "operation"), [(p, o) for p, o in _lists() if p not in NOT_RECORDS],
                         ids=lambda value: str(value)[:60])
def test_every_list_documents_updated_since(path, operation):
    assert "updated_since" in [p["name"] for p in operation.get("parameters", [])]


def test_the_lists_found_include_the_applications_and_an_applications_notes():
    assert {"/api/v1/applications/", "/api/v1/applications/{id}/notes/"} <= {p for p, _ in _lists()}


@pytest.fixture
def world(reference_data):
    return build_world()


def ids(response) -> set[int]:
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def test_only_applications_changed_since_the_moment_are_listed(world):
    reviewer = client_for(world.cast.reviewer)
    later = timezone.now() + timedelta(days=1)
    with time_machine.travel(later + timedelta(hours=1)):
        world.theirs.save()
    since = later.isoformat()
    assert ids(reviewer.get(f"{API}/applications/", {"updated_since": since})) == {world.theirs.pk}
    assert {world.ours.pk, world.theirs.pk} <= ids(reviewer.get(f"{API}/applications/"))


def test_a_sub_list_and_a_reference_list_take_it_too(world):
    reviewer = client_for(world.cast.reviewer)
    later = timezone.now() + timedelta(days=1)
    url = f"{API}/applications/{world.ours.pk}/conflict-declarations/"
    assert ids(reviewer.get(url, {"updated_since": later.isoformat()})) == set()
    assert len(ids(reviewer.get(url))) == 4
    kortrijk = factories.municipalities("Kortrijk")[0]
    with time_machine.travel(later + timedelta(hours=1)):
        kortrijk.save()
    listed = reviewer.get(f"{API}/municipalities/", {"updated_since": later.isoformat()}).json()["results"]
    assert [m["nis_code"] for m in listed] == [kortrijk.nis_code]
    assert Municipality.objects.count() == 300


def test_a_moment_that_is_no_moment_is_refused_in_dutch(world):
    response = client_for(world.member).get(f"{API}/applications/", {"updated_since": "gisteren"})
    assert "bijvoorbeeld" in assert_error(response, 400)["fields"]["updated_since"][0]
