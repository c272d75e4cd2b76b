"""Input the database or Python cannot hold is the client's mistake: a NUL character in any
field, or a body nested a thousand deep, is a 400 in the API's one error shape, and a form
error on a page, never a 500. Generic: CI runs it on PostgreSQL, where a NUL reached the database."""

import json

import pytest

from grants.roles import Role
from tests import factories
from tests.api_world import API, assert_error, build_world, client_for

pytestmark = pytest.mark.django_db

ACTION = {"priority": "WSE-LR2", "title": "Jobbeurs sociale economie", "years": [2024, 2025],
          "target_groups": [], "partners": []}


@pytest.fixture
def member(call):
    world = build_world()
    return client_for(world.member), f"{API}/applications/{world.ours.pk}"


@pytest.mark.parametrize("field, value", [
    ("priority", "WSE-LR2\x00"),
    ("target_groups", ["jongeren\x00"]),
    ("partners", ["\x00"]),
    ("title", "Jobbeurs\x00"),
    ("years", ["2024\x00"]),
])
def test_a_nul_character_in_any_field_of_an_action_is_refused(member, field, value):
    client, base = member
    error = assert_error(client.post(f"{base}/actions/", dict(ACTION, **{field: value}), format="json"), 400)
    assert "NUL" in error["message"]


def test_a_nul_character_in_a_key_of_an_indicators_targets_is_refused(member):
    client, base = member
    action = client.post(f"{base}/actions/", ACTION, format="json").json()["id"]
    indicator = {"name": "Bezoekers", "unit": "personen", "targets": {"2024\x00": "150"}}
    assert_error(client.post(f"{base}/actions/{action}/indicators/", indicator, format="json"), 400)


def test_a_nul_character_in_a_form_encoded_body_is_refused(member):
    client, base = member
    assert_error(client.post(f"{base}/actions/", dict(ACTION, priority="WSE-LR2\x00", years=2024)), 400)


def test_a_body_nested_a_thousand_deep_is_refused(member):
    client, base = member
    body = '{"priority": ' + "[" * 1000 + "]" * 1000 + "}"
    error = assert_error(client.post(f"{base}/actions/", body, content_type="application/json"), 400)
    assert "te diep genest" in error["message"]
    nested = "x"
    for _ in range(40):
        nested = [nested]
    shallow_but_too_deep = json.dumps(dict(ACTION, title=nested))
    assert_error(client.post(f"{base}/actions/", shallow_but_too_deep, content_type="application/json"), 400)


def test_a_nul_character_in_the_department_lists_filters_shows_the_list(client, call):
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    url = f"/departement/oproepen/{call.code}/aanvragen/"
    for field in ("provincie", "status", "soort", "behandelaar", "sorteer", "q"):
        assert client.get(url, {field: "1\x00"}).status_code == 200, field
