"""The aftercare's tables keep their promises: every step from every state it does not start
from is refused (409) and changes nothing; the tables beside them name real steps; the API
accepts every field a step's form asks; docs/aftercare.md is generated from the tables."""

import pytest
from django.db import connection, transaction

from aftercare import services
from aftercare.api import StepInputSerializer
from aftercare.diagram import DOC_PATH, render
from aftercare.machine import LIFECYCLES
from aftercare.models import AftercareEvent
from notifications.services import AFTERCARE_EMAILS
from tests import aftercare_world as w
from workflow.exceptions import TransitionConflict

STEPS = [(lifecycle, step) for lifecycle in LIFECYCLES.values() for step in lifecycle.steps]


def test_docs_aftercare_is_generated_from_the_current_tables():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python manage.py aftercare_diagram"


def test_the_e_mail_table_names_real_steps():
    names = {(lifecycle.name, step.name) for lifecycle, step in STEPS}
    assert AFTERCARE_EMAILS and set(AFTERCARE_EMAILS) <= names


@pytest.mark.parametrize(("lifecycle", "step"), STEPS, ids=lambda x: getattr(x, "name", ""))
def test_the_api_accepts_every_field_of_a_steps_form(lifecycle, step):
    assert set(step.form().fields) <= set(StepInputSerializer().fields)


@pytest.mark.django_db
def test_every_step_from_a_state_it_does_not_start_from_is_refused_and_changes_nothing(call):
    world = w.granted_world(call)
    report = services.save_report(world.applicant, world.application.pk, 2023, w.full_report_data(world))
    paid = w.pay(world, world.tranche(2023, "voorschot"))
    recovery = services.propose_recovery(world.reviewer, world.application.pk, {
        "year": "2023", "reason": "voorwaarde", "amount": "1,00", "motivation": "Voorwaarde niet nageleefd."})
    change = services.report_change(world.applicant, world.application.pk, {
        "kind": "acties", "effective_on": "01/01/2024", "description": "Een actie minder."})
    appeal = services.register_appeal(world.reviewer, world.application.pk, {
        "kind": "rechtzetting", "filed_on": "01/02/2024", "grounds": "Een verkeerd bedrag."})
    objects = {"jaarverslag": report, "schijf": world.tranche(2024, "saldo"), "terugvordering": recovery,
               "wijziging": change, "beroep": appeal}
    people = {"aanvrager": world.applicant, "dossierbehandelaar": world.reviewer, "beslisser": world.second}
    assert paid.status == "betaald"
    for lifecycle, step in STEPS:
        obj = objects[lifecycle.name]
        actor = next(user for role, user in people.items() if str(step.actor).startswith(role))
        for state in lifecycle.states:
            if state in step.sources:
                continue
            lifecycle.model.objects.filter(pk=obj.pk).update(status=state)
            events = AftercareEvent.objects.count()
            with pytest.raises(TransitionConflict):
                services.fire(actor, lifecycle.name, obj.pk, step.name, {})
            assert lifecycle.model.objects.get(pk=obj.pk).status == state
            assert AftercareEvent.objects.count() == events


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_itself_refuses_to_rewrite_the_aftercare_trail_and_its_letters(call):
    world = w.granted_world(call)
    w.pay(world, world.tranche(2023, "voorschot"))
    recovery = services.propose_recovery(world.reviewer, world.application.pk, {
        "year": "2023", "reason": "voorwaarde", "amount": "1,00", "motivation": "Voorwaarde niet nageleefd."})
    services.fire(world.decider, "terugvordering", recovery.pk, "decide")
    for table in ("aftercare_aftercareevent", "aftercare_recoveryletter"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {table} SET id = id")


def test_every_event_the_services_write_has_a_label_in_the_history():
    """A step of a table has its label; an act that starts an object (an event the services write
    outside the tables) needs one in STARTS, or the history shows its code name."""
    import re
    from pathlib import Path

    from aftercare.selectors import STARTS

    source = (Path(services.__file__)).read_text()
    written = set(re.findall(r'_event\(\s*\w+,\s*\w+,\s*\w+,\s*"(\w+)"', source))
    steps = {step.name for lifecycle in LIFECYCLES.values() for step in lifecycle.steps}
    assert written and written - steps - set(STARTS) == set()
