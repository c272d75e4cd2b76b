"""The applicant writes its plan through the API with the portal's rules: actions, indicators,
budget lines; another organisation's plan does not exist, the department cannot write it, and
after submission nothing changes."""

import pytest

from grants.models import ApplicationStatus, BudgetLine
from tests.api_world import API, assert_error, build_world, client_for
from tests.lifecycle import place_in

pytestmark = pytest.mark.django_db

LINE = {"year": 2024, "category": "werking", "source": "eigen_inbreng", "amount": "12500.00",
        "description": "Zaalhuur"}
ACTION = {"priority": "WSE-LR2", "title": "Jobbeurs sociale economie", "years": [2024, 2025],
          "target_groups": [], "partners": []}
INDICATOR = {"name": "Bezoekers", "unit": "personen", "baseline": "0",
             "targets": {"2023": "0", "2024": "150", "2025": "200"}}


@pytest.fixture
def world(call):
    return build_world()


def test_the_member_adds_changes_and_removes_a_budget_line(world):
    member = client_for(world.member)
    created = member.post(f"{API}/applications/{world.ours.pk}/budget-lines/", LINE, format="json")
    assert created.status_code == 201 and created.json()["amount"] == "12500.00"
    url = f"{API}/applications/{world.ours.pk}/budget-lines/{created.json()['id']}/"
    assert member.put(url, dict(LINE, amount="13000.00"), format="json").json()["amount"] == "13000.00"
    assert member.delete(url).status_code == 204
    assert not BudgetLine.objects.filter(pk=created.json()["id"]).exists()


def test_a_budget_line_outside_the_call_or_negative_is_refused_in_dutch(world):
    member = client_for(world.member)
    url = f"{API}/applications/{world.ours.pk}/budget-lines/"
    error = assert_error(member.post(url, dict(LINE, year=2026), format="json"), 400, "invalid")
    assert "2023–2025" in error["fields"]["year"][0]
    error = assert_error(member.post(url, dict(LINE, amount="-5.00"), format="json"), 400)
    assert "negatief" in error["fields"]["amount"][0]
    assert world.ours.budget_lines.count() == 3


def test_the_plan_of_another_organisation_cannot_be_touched(world):
    outsider = client_for(world.outsider)
    line = world.ours.budget_lines.first()
    action = world.ours.actions.first()
    base = f"{API}/applications/{world.ours.pk}"
    assert_error(outsider.post(f"{base}/budget-lines/", LINE, format="json"), 404)
    assert_error(outsider.delete(f"{base}/budget-lines/{line.pk}/"), 404)
    assert_error(outsider.put(f"{base}/actions/{action.pk}/", ACTION, format="json"), 404)
    assert_error(outsider.post(f"{base}/actions/{action.pk}/indicators/", INDICATOR, format="json"), 404)
    # Nor through its own application with ids that belong to someone else.
    own = f"{API}/applications/{world.theirs.pk}"
    assert_error(outsider.delete(f"{own}/budget-lines/{line.pk}/"), 404)
    assert_error(outsider.delete(f"{own}/actions/{action.pk}/"), 404)
    assert world.ours.budget_lines.filter(pk=line.pk).exists()
    assert world.ours.actions.filter(pk=action.pk).exists()


@pytest.mark.parametrize("role", ["reviewer", "decider", "admin"])
def test_the_department_does_not_write_the_plan(world, role):
    response = client_for(world.cast[role]).post(f"{API}/applications/{world.ours.pk}/budget-lines/", LINE,
                                                 format="json")
    assert_error(response, 403)


def test_after_submission_the_plan_is_frozen(world):
    place_in(ApplicationStatus.INGEDIEND, world.cast, world.ours)
    member = client_for(world.member)
    error = assert_error(member.post(f"{API}/applications/{world.ours.pk}/actions/", ACTION, format="json"),
                         409, "not_editable")
    assert "ingediend" in error["message"]


def test_an_action_with_its_indicator(world):
    member = client_for(world.member)
    action = member.post(f"{API}/applications/{world.ours.pk}/actions/", ACTION, format="json")
    assert action.status_code == 201 and action.json()["years"] == [2024, 2025]
    base = f"{API}/applications/{world.ours.pk}/actions/{action.json()['id']}"
    renamed = member.put(f"{base}/", dict(ACTION, title="Jobbeurs 2.0"), format="json").json()
    assert renamed["title"] == "Jobbeurs 2.0"
    indicator = member.post(f"{base}/indicators/", INDICATOR, format="json")
    assert indicator.status_code == 201 and indicator.json()["targets"]["2025"] == "200.00"
    missing = dict(INDICATOR, targets={"2023": "1"})
    assert "elk jaar" in assert_error(member.post(f"{base}/indicators/", missing, format="json"), 400)[
        "fields"]["targets"][0]
    assert member.delete(f"{base}/indicators/{indicator.json()['id']}/").status_code == 204
    assert member.delete(f"{base}/").status_code == 204


def test_an_unknown_priority_is_a_field_error(world):
    response = client_for(world.member).post(f"{API}/applications/{world.ours.pk}/actions/",
                                             dict(ACTION, priority="WSE-LR9"), format="json")
    assert "priority" in assert_error(response, 400)["fields"]
