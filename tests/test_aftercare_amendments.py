"""After the decision, the decision can change (issue 23): a reported change accepted by the
department makes a new plan version and moves the regiegebied's members from its date; a
reconsideration, an annulment or a correction leads to a later decision with its own letter,
every letter of the dossier kept as a numbered series."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import TestCase
from django.urls import reverse

from aftercare import services
from aftercare.later import letter_series
from aftercare.models import AftercareEvent, LaterDecision
from aftercare.money import granted_per_year
from aftercare.signals import step_committed
from config.celery import app as celery_app
from grants.agreements import members_on
from grants.models import Municipality, Regiegebied
from tests import aftercare_world as w
from tests.test_aftercare import pdf_text
from tests.test_uploads import real_pdf
from workflow.changes import readable_changes
from workflow.exceptions import TransitionConflict
from workflow.letters.services import get_or_create_letter

pytestmark = pytest.mark.django_db

ACT = {"act_number": "", "signer_function": "secretaris-generaal"}


@pytest.fixture
def world(call):
    world = w.granted_world(call)
    get_or_create_letter(world.application.pk)  # the decision letter, as the worker makes it
    return world


@pytest.fixture
def eager(world):
    """E-mails go out as the worker would send them, from here on."""
    celery_app.conf.task_always_eager = True
    mail.outbox.clear()
    yield
    celery_app.conf.task_always_eager = False


def council_pdf():
    return SimpleUploadedFile("raad.pdf", real_pdf(), content_type="application/pdf")


def fire(user, lifecycle, pk, step, data=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.fire(user, lifecycle, pk, step, data)


def report(world, kind, on, municipality=None, **extra):
    data = {
        "kind": kind,
        "effective_on": on,
        "description": "Zie de beslissing van de gemeenteraad.",
        "municipality": municipality.pk if municipality else "",
        **extra,
    }
    return services.report_change(
        world.applicant,
        world.application.pk,
        data,
        {"council_decision": council_pdf()} if municipality else {},
    )


def test_an_accepted_leaving_member_makes_a_new_version_and_moves_the_regiegebied_on_its_day(call, client):
    world = w.granted_world(call, members=("Kuurne",))
    kuurne = Municipality.objects.get(name="Kuurne")
    first = world.application.versions.get()
    assert "Kuurne" in [m["name"] for m in first.data["municipalities"]]

    change = report(world, "uittreding", "01/07/2024", kuurne)
    fire(world.reviewer, "wijziging", change.pk, "accept")

    versions = list(world.application.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data == first.data  # the old version stays as it was, readable
    assert "Kuurne" not in [m["name"] for m in versions[1].data["municipalities"]]
    assert any(
        "Kuurne" in f"{c.label} {c.before} {c.after}"
        for c in readable_changes(versions[0].data, versions[1].data)
    )
    client.force_login(world.applicant)
    for number, has_kuurne in ((1, True), (2, False)):  # both versions readable as PDFs
        response = client.get(reverse("portal-version-pdf", args=[world.application.pk, number]))
        assert response.status_code == 200
        assert ("Kuurne" in pdf_text(b"".join(response.streaming_content))) is has_kuurne
    regiegebied = Regiegebied.objects.get(application=world.application)
    assert kuurne.pk in members_on(regiegebied, date(2024, 6, 30))
    assert kuurne.pk not in members_on(regiegebied, date(2024, 7, 1))

    # Kuurne is free from that day: it joins another regiegebied of the call.
    other = w.granted_world(call, name="Regio Gent", lead="Gent")
    joining = report(other, "toetreding", "01/07/2024", kuurne)
    fire(other.reviewer, "wijziging", joining.pk, "accept")
    there = Regiegebied.objects.get(application=other.application)
    assert kuurne.pk not in members_on(there, date(2024, 6, 30))
    assert kuurne.pk in members_on(there, date(2024, 7, 1))
    assert other.application.versions.count() == 2


def test_a_member_still_in_another_application_cannot_join(call):
    world = w.granted_world(call)
    other = w.granted_world(call, name="Regio Gent", lead="Gent")
    change = report(other, "toetreding", "01/07/2024", Municipality.objects.get(name="Kortrijk"))
    with pytest.raises(Exception) as refused:
        services.fire(other.reviewer, "wijziging", change.pk, "accept")
    assert "nog lid van een andere aanvraag" in str(refused.value)
    assert other.application.versions.count() == 1 and world.application.versions.count() == 1


def test_a_change_with_money_needs_a_second_person_and_makes_an_amending_decision(world, eager):
    change = report(world, "herziening", "01/01/2024")
    new = {
        "amount_2023": "50.000,00",
        "amount_2024": "40.000,00",
        "amount_2025": "40.000,00",
        "motivation": "Minder acties na de tussentijdse herziening.",
    }
    fire(world.reviewer, "wijziging", change.pk, "propose", new)
    with pytest.raises(PermissionDenied):
        services.fire(world.reviewer, "wijziging", change.pk, "approve", ACT)
    fire(world.decider, "wijziging", change.pk, "approve", ACT)
    assert granted_per_year(world.application) == {
        2023: Decimal("50000.00"),
        2024: Decimal("40000.00"),
        2025: Decimal("40000.00"),
    }
    decision = LaterDecision.objects.get(application=world.application)
    text = pdf_text(decision.file.read())
    assert "wijziging" in text.lower() and "€ 40.000,00" in text and decision.number in text
    sent = [m for m in mail.outbox if "Nieuwe beslissing over uw subsidie" in m.subject]
    assert (
        len(sent) == len({m.to[0] for m in sent}) >= 1
        and sent[0].attachments[0][1] == decision.file.open("rb").read()
    )
    event = AftercareEvent.objects.get(lifecycle="wijziging", object_id=change.pk, step="approve")
    step_committed.send(
        sender=None,
        lifecycle="wijziging",
        object_id=change.pk,  # a re-run: no second mail
        application_id=world.application.pk,
        step="approve",
        event_id=event.pk,
        actor_id=1,
    )
    assert len([m for m in mail.outbox if "Nieuwe beslissing over uw subsidie" in m.subject]) == len(sent)


def test_only_the_applicant_reports_and_nobody_else_sees_the_change(call, world, eager):
    stranger = w.granted_world(call, name="Regio Gent", lead="Gent")
    with pytest.raises(Http404):
        services.report_change(
            stranger.applicant,
            world.application.pk,
            {"kind": "regisseur", "effective_on": "01/01/2024", "description": "x"},
        )
    change = report(
        world, "regisseur", "01/01/2024", director_name="An Peeters", director_email="an@example.be"
    )
    with pytest.raises(Http404):
        services.fire(stranger.applicant, "wijziging", change.pk, "withdraw")
    with pytest.raises(PermissionDenied):
        services.fire(world.applicant, "wijziging", change.pk, "accept")
    fire(world.reviewer, "wijziging", change.pk, "accept")
    world.application.refresh_from_db()
    assert world.application.director_name == "An Peeters"
    assert (
        AftercareEvent.objects.filter(lifecycle="wijziging", object_id=change.pk).count() == 2
    )  # report, accept
    decided = [m for m in mail.outbox if "wijziging" in m.subject]
    recipients = [m.to[0] for m in decided]
    assert decided and len(recipients) == len(set(recipients))  # each contact once
    assert {m.subject for m in decided} == {
        "Uw gemelde wijziging aan het plan Lokale Regie is behandeld (LR-2023-001)"
    }


def test_a_reconsideration_that_changes_the_decision_makes_a_second_numbered_letter(client, world):
    appeal = services.request_reconsideration(
        world.applicant, world.application.pk, {"grounds": "Het bedrag voor 2025 is te laag."}
    )
    fire(
        world.reviewer,
        "beroep",
        appeal.pk,
        "propose",
        {
            "amount_2023": "50.000,00",
            "amount_2024": "50.000,00",
            "amount_2025": "60.000,00",
            "motivation": "Na heroverweging wordt 2025 verhoogd.",
        },
    )
    fire(world.decider, "beroep", appeal.pk, "decide", ACT)

    series = letter_series(world.application)
    assert [letter.position for letter in series] == [1, 2]
    assert series[1].current and not series[0].current
    assert series[0].number != series[1].number and series[0].sha256 != series[1].sha256
    assert series[1].act  # it names the act it notifies
    client.force_login(world.applicant)
    for letter in series:
        response = client.get(reverse("portal-series-letter", args=[world.application.pk, letter.position]))
        assert response.status_code == 200
        assert letter.number in pdf_text(b"".join(response.streaming_content))


def test_a_reconsideration_after_the_term_is_refused_and_changes_nothing(world):
    deadline = date.today() + timedelta(days=world.application.call.reconsideration_days)
    with time_machine.travel(deadline + timedelta(days=1)), pytest.raises(TransitionConflict) as refused:
        services.request_reconsideration(world.applicant, world.application.pk, {"grounds": "Te laat."})
    assert "termijn" in str(refused.value)
    assert not world.application.appeals.exists()


def test_an_annulment_reopens_the_decision_and_the_new_decision_has_its_own_letter(world, eager):
    appeal = services.register_appeal(
        world.reviewer,
        world.application.pk,
        {
            "kind": "raad_van_state",
            "filed_on": "02/02/2024",
            "grounds": "Schending van de motiveringsplicht.",
        },
    )
    amounts = {"amount_2023": "45.000,00", "amount_2024": "45.000,00", "amount_2025": "45.000,00"}
    with pytest.raises(Exception, match="na de vernietiging"):
        services.fire(world.reviewer, "beroep", appeal.pk, "propose", {**amounts, "motivation": "x"})
    fire(
        world.reviewer,
        "beroep",
        appeal.pk,
        "annul",
        {"outcome_on": "03/03/2025", "judgment_number": "262.001"},
    )
    appeal.refresh_from_db()
    assert appeal.status == "vernietigd" and appeal.judgment_number == "262.001"
    assert "De Raad van State vernietigde bij arrest 262.001" in mail.outbox[-1].body
    fire(
        world.reviewer,
        "beroep",
        appeal.pk,
        "propose",
        {**amounts, "motivation": "Nieuwe beslissing met een volledige motivering."},
    )
    fire(world.second, "beroep", appeal.pk, "decide", ACT)
    decision = LaterDecision.objects.get(application=world.application)
    assert decision.kind == "nieuwe_beslissing"
    assert "vernietigde" in pdf_text(decision.file.read())
    assert [letter.position for letter in letter_series(world.application)] == [1, 2]


def test_a_correction_and_a_confirmation_each_add_a_letter(world):
    correction = services.register_appeal(
        world.reviewer,
        world.application.pk,
        {"kind": "rechtzetting", "filed_on": "02/02/2024", "grounds": "2024 werd verkeerd overgenomen."},
    )
    fire(
        world.reviewer,
        "beroep",
        correction.pk,
        "propose",
        {
            "amount_2023": "50.000,00",
            "amount_2024": "50.500,00",
            "amount_2025": "50.000,00",
            "motivation": "Materiële vergissing in het bedrag voor 2024.",
        },
    )
    fire(world.decider, "beroep", correction.pk, "decide", ACT)
    request = services.request_reconsideration(
        world.applicant, world.application.pk, {"grounds": "Graag meer."}
    )
    fire(world.decider, "beroep", request.pk, "confirm", {**ACT, "motivation": "De beslissing blijft."})
    kinds = [d.kind for d in LaterDecision.objects.filter(application=world.application).order_by("pk")]
    assert kinds == ["rechtzetting", "bevestiging"]
    assert granted_per_year(world.application)[2024] == Decimal("50500.00")  # the confirmation keeps it
    assert len(letter_series(world.application)) == 3


def test_the_state_tables_of_changes_and_appeals_are_in_the_generated_docs():
    from aftercare.diagram import DOC_PATH, render

    text = DOC_PATH.read_text()
    assert text == render()
    for heading in ("(`wijziging`, `PlanChange`)", "(`beroep`, `Appeal`)"):
        assert heading in text


def test_the_pages_show_the_series_and_take_a_change_and_a_request(client, world):
    client.force_login(world.applicant)
    url = reverse("portal-amendments", args=[world.application.pk])
    bad = client.post(
        url,
        {
            "action": "change",
            "change-kind": "uittreding",
            "change-effective_on": "31/02/2024",
            "change-description": "Kuurne stapt uit.",
        },
    )
    assert bad.status_code == 400 and "dd/mm/jjjj" in bad.content.decode()
    assert not world.application.plan_changes.exists()
    response = client.post(
        url,
        {
            "action": "change",
            "change-kind": "regisseur",
            "change-effective_on": "01/03/2024",
            "change-description": "Nieuwe regisseur.",
            "change-director_name": "An Peeters",
            "change-director_email": "an@example.be",
        },
    )
    assert response.status_code == 302 and world.application.plan_changes.get().director_name == "An Peeters"
    client.post(url, {"action": "appeal", "appeal-grounds": "Het bedrag is te laag."})
    page = client.get(url).content.decode()
    assert "nieuwe lokale regisseur" in page and "verzoek tot heroverweging" in page
    assert reverse("portal-series-letter", args=[world.application.pk, 1]) in page

    client.force_login(world.reviewer)
    page = client.get(reverse("department-amendments", args=[world.application.pk])).content.decode()
    change = world.application.plan_changes.get()
    assert reverse("department-aftercare-step", args=["wijziging", change.pk, "accept"]) in page
    response = client.post(
        reverse("department-amendments", args=[world.application.pk]),
        {"kind": "raad_van_state", "filed_on": "01/04/2024", "grounds": "Motivering."},
    )
    assert response.status_code == 302 and world.application.appeals.count() == 2


def test_someone_elses_letters_are_not_found(client, call, world):
    stranger = w.granted_world(call, name="Regio Gent", lead="Gent")
    client.force_login(stranger.applicant)
    assert client.get(reverse("portal-amendments", args=[world.application.pk])).status_code == 404
    assert client.get(reverse("portal-series-letter", args=[world.application.pk, 1])).status_code == 404


def test_the_department_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.reviewer)
    url = reverse("department-amendments", args=[world.application.pk])
    report(world, "regisseur", "01/01/2024", director_name="A", director_email="a@example.be")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        report(world, "acties", "01/01/2024")
        services.register_appeal(
            world.reviewer,
            world.application.pk,
            {"kind": "rechtzetting", "filed_on": "01/02/2024", "grounds": f"Fout {n}."},
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


@pytest.mark.postgres
def test_postgres_itself_refuses_to_rewrite_a_later_decision(world):
    from django.db import connection, transaction

    request = services.request_reconsideration(
        world.applicant, world.application.pk, {"grounds": "Graag meer."}
    )
    fire(world.decider, "beroep", request.pk, "confirm", {**ACT, "motivation": "De beslissing blijft."})
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE aftercare_laterdecision SET sha256 = 'x'")


def test_the_step_page_asks_the_amounts_and_refuses_bad_ones_without_change(client, world):
    change = report(world, "herziening", "01/01/2025")
    client.force_login(world.reviewer)
    url = reverse("department-aftercare-step", args=["wijziging", change.pk, "propose"])
    page = client.get(url).content.decode()
    assert 'name="amount_2025" value="100.000"' in page  # the amounts in force, to change
    bad = client.post(
        url,
        {
            "amount_2023": "50.000,00",
            "amount_2024": "50.000,00",
            "amount_2025": "-1,00",
            "motivation": "Minder.",
        },
    )
    assert bad.status_code == 400 and "negatief" in bad.content.decode()
    change.refresh_from_db()
    assert change.status == "gemeld" and change.amounts == {}
    done = client.post(
        url,
        {
            "amount_2023": "50.000,00",
            "amount_2024": "50.000,00",
            "amount_2025": "45.000,00",
            "motivation": "Minder.",
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "department-amendments", args=[world.application.pk]
    )
    change.refresh_from_db()
    assert change.status == "voorgesteld" and change.amounts["2025"] == "45000.00"


def test_the_applicant_withdraws_a_reported_change_on_the_page(client, world):
    change = report(world, "acties", "01/01/2025")
    client.force_login(world.applicant)
    url = reverse("portal-amendments", args=[world.application.pk])
    assert client.post(url, {"action": "withdraw_change", "object": change.pk}).status_code == 302
    change.refresh_from_db()
    assert change.status == "ingetrokken"
