"""In a real browser, a granted dossier goes through its first year: the applicant submits the
2023 report, the department asks for bijsturing, the applicant answers, the report is
approved, and the balance is proposed, approved by a second person and registered as paid.
axe-core checks every page on the way."""

import pytest
from django.urls import reverse

from aftercare.models import ReportStatus, TrancheStatus
from tests import aftercare_world as w
from tests.browser import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page) -> None:
    page.get_by_role("button", name="Afmelden").click()


def test_a_year_of_a_granted_dossier_in_the_browser(page, call):
    world = w.granted_world(call)
    application = world.application

    log_in(page, world.applicant.username)
    page.goto(reverse("portal-status", args=[application.pk]))
    page.get_by_role("link", name="Jaarverslagen en betalingen").click()
    assert_accessible(page)
    assert page.get_by_text("€ 60.000,00").first.is_visible()  # the 2023 advance, planned
    page.get_by_role("link", name="Jaarverslag 2023 invullen").click()
    assert_accessible(page)
    page.get_by_label("Verslag over het werkingsjaar").fill("In 2023 startte de lokale regisseur.")
    for name, value in w.full_report_data(world).items():
        if name.startswith("action_") and not name.endswith("_explanation"):
            page.locator(f"[name={name}]").select_option(value)
        elif name.startswith(("indicator_", "line_")):
            page.locator(f"[name={name}]").fill(value.replace(".", ","))
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_text("Uw jaarverslag 2023 is bewaard.").is_visible()
    page.get_by_label("Ik verklaar op erewoord").check()
    page.get_by_role("button", name="Jaarverslag indienen").click()
    assert page.get_by_text("Uw jaarverslag 2023 is ingediend.").is_visible()
    screenshot(page, "applicant-yearly-report")
    log_out(page)

    log_in(page, world.reviewer.username)
    page.goto(reverse("department-reports", args=[call.code]))
    assert_accessible(page)
    page.get_by_role("link", name=application.dossier_number, exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Bijsturing vragen").click()
    assert_accessible(page)
    page.get_by_label("Wat moet de aanvrager bijsturen of toelichten?").fill("Hoeveel bereikte u in Kuurne?")
    page.get_by_role("button", name="Bijsturing vragen").click()
    assert page.get_by_text("'Bijsturing vragen' is gebeurd.").is_visible()
    log_out(page)

    log_in(page, world.applicant.username)
    page.goto(reverse("portal-report", args=[application.pk, 2023]))
    assert page.get_by_text("Hoeveel bereikte u in Kuurne?").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Uw antwoord").fill("Twaalf mensen, via het OCMW.")
    page.get_by_role("button", name="Bijsturing indienen").click()
    assert page.get_by_text("Uw bijsturing van het jaarverslag 2023 is ingediend.").is_visible()
    log_out(page)

    log_in(page, world.reviewer.username)
    page.goto(reverse("department-report", args=[world.report().pk]))
    page.get_by_role("link", name="Jaarverslag goedkeuren").click()
    page.get_by_role("button", name="Jaarverslag goedkeuren").click()
    assert world.report().status == ReportStatus.GOEDGEKEURD
    page.get_by_role("link", name="Betaling voorstellen (saldo 2023)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Betaling voorstellen").click()
    assert page.get_by_role("link", name="Betaling goedkeuren (saldo 2023)").count() == 0  # four eyes
    log_out(page)

    log_in(page, world.decider.username)
    page.goto(reverse("department-aftercare", args=[application.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Betaling goedkeuren (saldo 2023)").click()
    page.get_by_role("button", name="Betaling goedkeuren").click()
    log_out(page)

    log_in(page, world.reviewer.username)
    page.goto(reverse("department-aftercare", args=[application.pk]))
    page.get_by_role("link", name="Als betaald registreren (saldo 2023)").click()
    page.get_by_label("Betaald op (dd/mm/jjjj)").fill("03/06/2024")
    page.get_by_label("Betalingsreferentie").fill("BET-2024-0117")
    page.get_by_role("button", name="Als betaald registreren").click()
    assert page.get_by_text("03/06/2024 (BET-2024-0117)").is_visible()
    screenshot(page, "department-aftercare")
    balance = world.tranche(2023, "saldo")
    assert (balance.status, balance.approved_by, balance.proposed_by) == (
        TrancheStatus.BETAALD, world.decider, world.reviewer)
    page.goto(reverse("department-payments", args=[call.code]))
    assert_accessible(page)
    figures_2023 = page.get_by_role("row").filter(has_text="€ 3.000.000,00").first
    assert "€ 40.000,00" in figures_2023.inner_text()  # approved and paid: the balance
