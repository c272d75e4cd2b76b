"""In a real browser: a reviewer declares no conflict, assesses and asks for clarification;
the applicant answers on the portal's follow-up page; the reviewer proposes; another person,
a beslisser, approves.
axe-core checks every department page on the way; `make screenshots` retakes
docs/screenshots/."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from grants.models import AgreementChange, Application, ApplicationStatus, Municipality
from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in, screenshot
from tests.lifecycle import DURING_CALL
from workflow import services
from workflow.models import DecisionProposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def some_other_applications(call) -> None:
    """Neighbours in other states, so the list and the dashboard have something to show."""
    for members, status in ((("Gent", "Merelbeke", "Melle", "Destelbergen"), "toegekend"),
                            (("Antwerpen",), "in_beoordeling"), (("Brugge", "Damme"), "ingediend"),
                            (("Leuven", "Herent", "Kortenberg"), "concept")):
        application = factories.make_application(call=call, members=members)
        submitted = {} if status == "concept" else {"dossier_number": f"LR-2023-00{application.pk}",
                                                    "submitted_at": DURING_CALL}
        Application.objects.filter(pk=application.pk).update(status=status, **submitted)
    AgreementChange.objects.bulk_create(
        AgreementChange(municipality=m, status="afgesloten", since=date(2021, 9, 1))
        for m in Municipality.objects.filter(name__in=("Kortrijk", "Gent", "Brugge", "Leuven", "Genk")))


def click_step(page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def test_review_clarification_proposal_and_approval_in_the_browser(page, call):
    applicant = factories.make_applicant(name="Regio Zuid-West")
    member = factories.make_user(Role.AANVRAGER, organisation=applicant, username="lid")
    factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar")
    factories.make_user(Role.BESLISSER, username="beslisser")
    application = factories.make_application(call=call, applicant=applicant)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", {"declaration": "on"})
    some_other_applications(call)

    log_in(page, "behandelaar")
    page.get_by_role("link", name="Departement", exact=True).click()
    assert page.get_by_role("heading", name="Aanvragen", level=1).is_visible()
    assert_accessible(page)
    screenshot(page, "department-list")
    page.get_by_role("link", name="LR-2023-001", exact=True).click()
    assert_accessible(page)
    click_step(page, "Ontvankelijk verklaren")

    page.get_by_role("link", name="Belangenconflict verklaren").click()
    assert_accessible(page)
    page.get_by_label("Nee, ik heb geen belangenconflict").check()
    page.get_by_role("button", name="Verklaring vastleggen").click()
    click_step(page, "Beoordeling starten")

    page.get_by_role("link", name="Beoordelen per criterium").click()
    assert_accessible(page)
    for criterion in call.criteria.all():
        page.locator(f"[name=score_{criterion.pk}]").fill("8")
        page.locator(f"[name=motivation_{criterion.pk}]").fill("Sterk uitgewerkt.")
    page.get_by_role("button", name="Beoordeling bewaren").click()
    assert page.get_by_text("Uw beoordeling is bewaard.").is_visible()

    page.get_by_role("link", name="Aanvulling vragen").click()
    assert_accessible(page)
    page.get_by_label("Vraag aan de aanvrager").fill("Welke partners werken mee aan WSE-LR4?")
    page.get_by_role("button", name="Aanvulling vragen").click()
    assert page.get_by_text("Aanvulling gevraagd", exact=False).first.is_visible()

    page.get_by_role("button", name="Afmelden").click()
    log_in(page, "lid")
    page.goto(reverse("portal-status", args=[application.pk]))
    page.get_by_label("Uw antwoord").fill("VDAB en het OCMW.")
    page.get_by_role("button", name="Aanvulling indienen").click()
    assert page.get_by_text("Uw aanvulling is ingediend.").is_visible()

    page.get_by_role("button", name="Afmelden").click()
    log_in(page, "behandelaar")
    page.goto(reverse("department-dossier", args=[application.pk]))
    assert page.get_by_role("cell", name="VDAB en het OCMW.").is_visible()  # in the audit trail
    page.get_by_role("link", name="Beslissing voorstellen").click()
    assert_accessible(page)
    page.get_by_label("Voorstel").select_option("toekenning")
    page.get_by_role("textbox", name="Motivering", exact=True).fill(
        "Het plan dekt de vier prioriteiten met realistische acties.")
    for year in call.years:
        page.get_by_label(f"Bedrag {year} (€)").fill("50000")
    page.get_by_role("button", name="Beslissing voorstellen").click()
    assert page.get_by_text("beslissing voorgesteld", exact=False).first.is_visible()
    assert page.get_by_role("link", name="Beslissing goedkeuren").count() == 0  # not a beslisser

    page.get_by_role("button", name="Afmelden").click()
    log_in(page, "beslisser")
    page.goto(reverse("department-dossier", args=[application.pk]))
    assert page.get_by_role("link", name="Beslissing goedkeuren").count() == 0  # declares first
    page.get_by_role("link", name="Belangenconflict verklaren").click()
    page.get_by_label("Nee, ik heb geen belangenconflict").check()
    page.get_by_role("button", name="Verklaring vastleggen").click()
    screenshot(page, "department-dossier")
    click_step(page, "Beslissing goedkeuren")
    assert page.get_by_text("'Beslissing goedkeuren' is gebeurd.").is_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TOEGEKEND

    page.get_by_role("link", name="Terug naar de aanvragen").click()
    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_text("West-Vlaanderen 3/64 — 5%").first.is_visible()
    assert_accessible(page)
    screenshot(page, "department-dashboard")
    page.get_by_role("link", name="Gemeenten en VDAB").click()
    assert_accessible(page)


def test_a_reviewer_types_a_belgian_amount_into_the_proposal(page, call):
    """A number input would let Chromium read '62.500,00' as 62.5; the text field keeps it, and
    the other years come prefilled with what the amount rule gives (here: the request)."""
    applicant = factories.make_applicant(name="Regio Zuid-West")
    member = factories.make_user(Role.AANVRAGER, organisation=applicant, username="lid")
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar")
    application = factories.make_application(call=call, applicant=applicant)
    application.budget_lines.filter(year=2023).update(amount=Decimal("62500.00"))
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", {"declaration": "on"})
    services.fire(reviewer, application.pk, "declare_admissible")
    services.declare_conflict(reviewer, application.pk, has_conflict=False)
    services.fire(reviewer, application.pk, "start_assessment")

    log_in(page, "behandelaar")
    page.goto(reverse("department-step", args=[application.pk, "propose_decision"]))
    page.get_by_label("Voorstel").select_option("toekenning")
    page.get_by_role("textbox", name="Motivering", exact=True).fill("Het plan dekt de vier prioriteiten.")
    page.get_by_label("Bedrag 2023 (€)").fill("62.500,00")  # more than the amount rule gives
    page.get_by_label("Motivering van de afwijking van de bedragregel").fill("De regio telt veel leefloners.")
    page.get_by_role("button", name="Beslissing voorstellen").click()
    assert page.get_by_text("beslissing voorgesteld", exact=False).first.is_visible()
    amounts = DecisionProposal.objects.get(application=application).amounts
    assert {year: Decimal(amount) for year, amount in amounts.items()} == {
        "2023": Decimal("62500.00"), "2024": Decimal("50000"), "2025": Decimal("50000")}
