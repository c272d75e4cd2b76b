"""What changed between two submitted versions reads as a person would say it (the department's
dossier page), not as paths into the snapshot."""

import copy
from decimal import Decimal

import pytest

from grants.formatting import format_eur
from tests import factories
from workflow.changes import Change, readable_changes
from workflow.snapshots import build_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot():
    application = factories.make_application()
    factories.complete_application(application)
    return build_snapshot(application)


def test_a_budget_amount_is_named_by_year_cost_and_source_in_euro(snapshot):
    changed = copy.deepcopy(snapshot)
    changed["budget"] = [line for line in changed["budget"] if line["year"] != 2025]
    changed["budget"] += [{"year": 2025, "category": "personeel_regisseur", "source": "subsidie",
                           "amount": "1250.00", "description": ""},
                          {"year": 2025, "category": "werking", "source": "subsidie",
                           "amount": "12.50", "description": ""}]
    before = sum(Decimal(line["amount"]) for line in snapshot["budget"] if line["year"] == 2025)
    first, second = readable_changes(snapshot, changed)
    assert first == Change("Begroting 2025, personeelskosten lokale regisseur, gevraagde subsidie",
                           format_eur(before), "€ 1.250,00")
    assert second == Change("Begroting 2025, werkingskosten, gevraagde subsidie", "—", "€ 12,50")


def test_members_actions_indicators_and_attachments_are_named(snapshot):
    changed = copy.deepcopy(snapshot)
    changed["municipalities"].append({"nis_code": "44021", "name": "Gent", "population": 263927})
    action = changed["actions"][0]
    old_title = action["title"]
    indicator = action["indicators"][0] if action["indicators"] else None
    if indicator:
        year = next(iter(indicator["targets"]))
        indicator["targets"][year] = "1250.5"
    changed["actions"].append({**copy.deepcopy(action), "title": "Nieuwe actie", "indicators": []})
    attachment = changed["attachments"][0]
    attachment["sha256"] = "0" * 64
    changes = readable_changes(snapshot, changed)
    labels = [c.label for c in changes]
    members = next(c for c in changes if c.label == "Deelnemende gemeenten")
    assert "Gent" in members.after and "Gent" not in members.before
    assert f"Actie 'Nieuwe actie' ({action['priority']})" in labels
    if indicator:
        target = next(c for c in changes if c.label.endswith(f"doel {year}"))
        assert old_title in target.label and target.after == "1.250,50"
    replaced = next(c for c in changes if c.label.startswith("Bijlage: "))
    assert replaced.after.endswith("(nieuwe inhoud)")
    assert not any("[" in label or "." in label.split(",")[0] for label in labels)


def test_nothing_changed_says_nothing(snapshot):
    assert readable_changes(snapshot, copy.deepcopy(snapshot)) == []


def test_a_plan_text_is_named_after_its_field(snapshot):
    changed = copy.deepcopy(snapshot)
    changed["plan"]["vision"] = "Anders."
    vision = snapshot["plan"]["vision"]
    assert readable_changes(snapshot, changed) == [Change("Beleidsvisie", vision, "Anders.")]
