"""After the decision: the yearly report's loop with the department, the tranches of each
granted year paid by four eyes, a recovery with its letter, and the dossier's closure —
through aftercare.services, as the pages and the API use it."""

import io
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import TestCase
from pypdf import PdfReader

from aftercare import services
from aftercare.closure import still_open
from aftercare.models import AftercareEvent, Closure, RecoveryLetter, ReportStatus, TrancheStatus
from aftercare.money import underspent
from aftercare.selectors import dossier_aftercare, payment_figures, realised_vs_target
from config.celery import app as celery_app
from grants.models import BudgetLine
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories
from workflow.exceptions import GuardFailed, TransitionConflict
from workflow.services import declare_conflict

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())


@pytest.fixture
def world(call):
    return w.granted_world(call)


@pytest.fixture
def eager(world):
    """E-mails go out as the worker would send them, from here on (not the decision's)."""
    celery_app.conf.task_always_eager = True
    mail.outbox.clear()
    yield
    celery_app.conf.task_always_eager = False


def test_each_granted_year_becomes_an_advance_and_a_balance_after_the_call_schedule(world):
    rows = list(world.application.tranches.order_by("year", "term__order")
                .values_list("year", "kind", "amount", "expected_on", "status"))
    granted = dossier_aftercare(world.application).granted
    assert rows[:2] == [(2023, "voorschot", Decimal("60000.00"), date(2023, 5, 1), "gepland"),
                        (2023, "saldo", Decimal("40000.00"), date(2024, 6, 1), "gepland")]
    assert len(rows) == 6 and sum(row[2] for row in rows) == granted
    assert services.plan_tranches(world.application.pk, world.decider.pk) == []  # a second signal: nothing


def test_tranches_add_up_to_the_cent_when_the_percentages_do_not_divide(call):
    world = w.granted_world(call, amounts={2023: "33333.33", 2024: "0.01", 2025: "10.00"})
    amounts = {(t.year, t.kind): t.amount for t in world.application.tranches.all()}
    assert amounts[2023, "voorschot"] + amounts[2023, "saldo"] == Decimal("33333.33")
    assert amounts[2024, "voorschot"] + amounts[2024, "saldo"] == Decimal("0.01")


def test_the_report_goes_to_the_department_comes_back_for_bijsturing_and_is_approved(world, eager):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = w.submitted_report(world)
        services.fire(world.reviewer, "jaarverslag", report.pk, "request_changes",
                      {"question": "Waarom bleef actie WSE-LR2 achter?"})
    assert [m.subject for m in mail.outbox] == [
        "Vraag om bijsturing van uw jaarverslag Lokale Regie (LR-2023-001)"]
    assert "Waarom bleef actie WSE-LR2 achter?" in mail.outbox[0].body
    services.save_report(world.applicant, world.application.pk, 2023,
                         {**w.full_report_data(world), "narrative": "Bijgestuurd verslag."})
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.fire(world.applicant, "jaarverslag", report.pk, "answer", {"answer": "Minder instroom."})
        services.fire(world.reviewer, "jaarverslag", report.pk, "approve")
    report.refresh_from_db()
    assert report.status == ReportStatus.GOEDGEKEURD and report.narrative == "Bijgestuurd verslag."
    assert report.questions.get().answer == "Minder instroom."
    assert [m.subject for m in mail.outbox][1:] == [
        "Uw jaarverslag Lokale Regie is goedgekeurd (LR-2023-001)"
    ]
    steps = list(AftercareEvent.objects.filter(lifecycle="jaarverslag").values_list("step", flat=True))
    assert steps == ["start", "submit", "request_changes", "answer", "approve"]


def test_an_incomplete_report_is_refused_with_what_is_missing_and_stays_a_draft(world):
    data = w.full_report_data(world, execution="gedeeltelijk")
    action = world.application.actions.first()
    data[f"action_{action.pk}_explanation"] = ""
    report = services.save_report(world.applicant, world.application.pk, 2023, {**data, "narrative": ""})
    with pytest.raises(GuardFailed) as refused:
        services.fire(world.applicant, "jaarverslag", report.pk, "submit", {"declaration": "on"})
    assert "Schrijf het verslag over het werkingsjaar." in refused.value.messages
    assert (
        f"Actie '{action.title}': licht toe waarom ze niet volledig uitgevoerd is." in refused.value.messages
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCEPT


def test_a_year_not_yet_over_cannot_be_reported(world, time_machine):
    time_machine.move_to("2023-11-15 10:00+01:00")
    report = services.save_report(world.applicant, world.application.pk, 2023, w.full_report_data(world))
    with pytest.raises(
        GuardFailed, match="nog niet voorbij: u kunt het jaarverslag indienen vanaf 1 januari 2024"
    ):
        services.fire(world.applicant, "jaarverslag", report.pk, "submit", {"declaration": "on"})


def test_a_typed_amount_is_read_the_belgian_way_and_nonsense_is_refused_unchanged(world):
    line = BudgetLine.objects.filter(application=world.application, year=2023).first()
    report = services.save_report(
        world.applicant, world.application.pk, 2023, {f"line_{line.pk}": "12.345,67"}
    )
    assert report.budget_lines.get().spent == Decimal("12345.67")
    with pytest.raises(ValidationError) as refused:
        services.save_report(world.applicant, world.application.pk, 2023, {f"line_{line.pk}": "1.2.3"})
    assert f"line_{line.pk}" in refused.value.message_dict
    assert report.budget_lines.get().spent == Decimal("12345.67")


def test_another_organisation_does_not_see_the_report_and_the_department_cannot_submit_it(world, call):
    report = services.save_report(world.applicant, world.application.pk, 2023, w.full_report_data(world))
    stranger = factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(name="Andere regio"))
    with pytest.raises(Http404):
        services.fire(stranger, "jaarverslag", report.pk, "submit", {"declaration": "on"})
    with pytest.raises(Http404):
        services.save_report(stranger, world.application.pk, 2023, {"narrative": "x"})
    with pytest.raises(PermissionDenied):
        services.fire(world.reviewer, "jaarverslag", report.pk, "submit", {"declaration": "on"})
    with pytest.raises(PermissionDenied):
        services.fire(world.applicant, "jaarverslag", report.pk, "approve")


def test_a_payment_is_approved_by_a_second_person_only_and_a_balance_waits_for_the_report(world):
    balance = world.tranche(2023, "saldo")
    with pytest.raises(GuardFailed, match="Het jaarverslag 2023 is nog niet goedgekeurd."):
        services.fire(world.reviewer, "schijf", balance.pk, "propose")
    advance = world.tranche(2023, "voorschot")
    services.fire(world.reviewer, "schijf", advance.pk, "propose")
    with pytest.raises(PermissionDenied):  # the reviewer is no beslisser
        services.fire(world.reviewer, "schijf", advance.pk, "approve")
    services.fire(world.decider, "schijf", advance.pk, "approve")
    with pytest.raises(ValidationError) as refused:
        services.fire(
            world.reviewer, "schijf", advance.pk, "mark_paid", {"paid_on": "31/02/2023", "reference": "X"}
        )
    assert "paid_on" in refused.value.message_dict
    services.fire(
        world.reviewer, "schijf", advance.pk, "mark_paid", {"paid_on": "02/05/2023", "reference": "B-7"}
    )
    advance.refresh_from_db()
    assert (advance.status, advance.paid_on, advance.reference) == (
        TrancheStatus.BETAALD,
        date(2023, 5, 2),
        "B-7",
    )
    with pytest.raises(TransitionConflict):
        services.fire(
            world.reviewer, "schijf", advance.pk, "mark_paid", {"paid_on": "03/05/2023", "reference": "B"}
        )


def test_who_proposed_a_payment_cannot_approve_it(world):
    both = factories.make_user(Role.BESLISSER)
    both.groups.add(*world.reviewer.groups.all())
    declare_conflict(both, world.application.pk, has_conflict=False)
    advance = world.tranche(2023, "voorschot")
    services.fire(both, "schijf", advance.pk, "propose")
    with pytest.raises(PermissionDenied, match="vier-ogenprincipe"):
        services.fire(both, "schijf", advance.pk, "approve")
    services.fire(world.decider, "schijf", advance.pk, "approve")
    advance.refresh_from_db()
    assert advance.approved_by == world.decider and advance.proposed_by == both


def test_a_recovery_after_an_underspent_year_reclaims_paid_minus_spent_with_a_letter(world, eager):
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")  # € 60.000
    w.approved_report(world, spent=Decimal("20000.00"))  # the two subsidy lines: € 40.000 spent
    w.pay(world, world.tranche(2023, "saldo"), on="2024-06-03")  # € 40.000: € 100.000 paid
    assert underspent(world.application, 2023) == Decimal("60000.00")
    recovery = services.propose_recovery(
        world.reviewer,
        world.application.pk,
        {
            "year": "2023",
            "reason": "onderbesteding",
            "amount": "60.000,00",
            "motivation": "Het jaarverslag toont € 40.000,00 besteed tegenover € 100.000,00 ontvangen.",
        },
    )
    with pytest.raises(ValidationError, match="meer kan niet wegens onderbesteding"):
        services.propose_recovery(
            world.reviewer,
            world.application.pk,
            {"year": "2023", "reason": "onderbesteding", "amount": "60.000,01", "motivation": "Te veel."},
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.fire(world.decider, "terugvordering", recovery.pk, "decide")
    letter = RecoveryLetter.objects.get(recovery=recovery)
    with letter.file.open("rb") as pdf:
        data = pdf.read()
    text = pdf_text(data)
    assert letter.sequence == 1 and len(letter.sha256) == 64
    assert "Terugvordering van subsidie Lokale Regie Sociale Economie en Werk 2023–2025 voor 2023" in text
    assert "Uitbetaalde subsidie € 100.000,00" in text
    assert "Besteed volgens het jaarverslag € 40.000,00" in text
    assert "Terug te betalen € 60.000,00" in text and "LR-2023-001/TV-1" in text
    assert mail.outbox[-1].attachments[0][0] == "terugvordering-LR-2023-001-2023.pdf"
    assert mail.outbox[-1].attachments[0][1] == data
    view = dossier_aftercare(world.application)
    assert (view.owed, view.settled) == (Decimal("60000.00"), Decimal("0"))
    services.fire(
        world.reviewer,
        "terugvordering",
        recovery.pk,
        "settle",
        {"paid_on": "15/07/2024", "reference": "TV-2023-1"},
    )
    view = dossier_aftercare(world.application)
    assert (view.owed, view.settled) == (Decimal("0"), Decimal("60000.00"))
    assert payment_figures(world.application.call)[0].recovered == Decimal("60000.00")


def test_the_recovery_is_decided_by_a_second_person(world):
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    recovery = services.propose_recovery(
        world.reviewer,
        world.application.pk,
        {
            "year": "2023",
            "reason": "voorwaarde",
            "amount": "1.000,00",
            "motivation": "Geen regisseur aangesteld.",
        },
    )
    with pytest.raises(PermissionDenied):
        services.fire(world.reviewer, "terugvordering", recovery.pk, "decide")
    with pytest.raises(ValidationError, match="niet meer terugvorderen dan er voor 2023 betaald is"):
        services.propose_recovery(
            world.reviewer,
            world.application.pk,
            {"year": "2023", "reason": "voorwaarde", "amount": "60.000,01", "motivation": "x"},
        )


def test_the_dossier_closes_when_every_report_is_approved_and_every_tranche_paid(world):
    for year in (2023, 2024, 2025):
        w.pay(world, world.tranche(year, "voorschot"), on=f"{year}-05-02")
        w.approved_report(world, year)
        assert not Closure.objects.exists()
        w.pay(world, world.tranche(year, "saldo"), on="2026-06-01" if year == 2025 else f"{year + 1}-06-01")
    assert still_open(world.application) == []
    assert Closure.objects.filter(application=world.application).exists()


def test_realised_indicator_values_are_read_against_the_year_target_for_monitoring(world, call):
    w.approved_report(world, 2023)
    results = [r for r in realised_vs_target(call) if r.application_id == world.application.pk]
    by_year = {(r.indicator_id, r.year): r for r in results}
    some = next(r for r in results if r.year == 2023)
    assert (some.target, some.realised, some.approved) == (Decimal("10"), Decimal("10.00"), True)
    assert by_year[some.indicator_id, 2024].realised is None


def test_tranches_a_lost_signal_did_not_plan_are_planned_by_the_command_once(world):
    world.application.tranches.all().delete()
    out = StringIO()
    call_command("plan_tranches", world.application.call.code, stdout=out)
    call_command("plan_tranches", world.application.call.code, stdout=out)
    assert out.getvalue().splitlines() == ["6 schijven gepland.", "0 schijven gepland."]
    with pytest.raises(CommandError, match="Geen oproep met code 'x'"):
        call_command("plan_tranches", "x")
