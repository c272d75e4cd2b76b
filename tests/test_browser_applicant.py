"""In a real browser, as a samenwerkingsverband's local director: log in, start the
application with its member municipalities, fill the plan for 2023, 2024 and 2025, the
budget and contacts, upload the attachments, see the checklist empty, submit with the
declaration on honour and read the receipt. axe-core checks every page on the way;
screenshots of the main pages go to docs/screenshots/applicant-*.png."""

import io
import re
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from grants.models import Application, ApplicationStatus, Call
from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in, screenshot
from workflow import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = ("Kortrijk", "Kuurne", "Harelbeke", "Zwevegem")


def pdf_file(tmp_path, name: str, title: str) -> Path:
    """A real small PDF, as a municipality's scanner would make it."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 760, title)
    document.drawString(72, 740, "Uittreksel uit de notulen van de gemeenteraad.")
    document.save()
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def shoot(page, name: str) -> None:
    screenshot(page, f"applicant-{name}")


def save(page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.get_by_text("Bewaard als concept.").is_visible()


def start_with_members(page, call) -> None:
    page.get_by_role("link", name="Aanvraag starten voor Regio Zuid-West").click()
    assert_accessible(page)
    page.get_by_label("Zoek een gemeente").fill("Wevelgem")  # a neighbour's member is marked as taken
    assert page.locator("li:not([hidden]) .taken").inner_text() == "(al in de aanvraag van Regio Leie)"
    for name in MEMBERS:
        page.get_by_label("Zoek een gemeente").fill(name)
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Zoek een gemeente").fill("")
    # htmx recounts while ticking: the four together pass the call's minimum of 60.000.
    page.get_by_text("Het minimum van 60.000 inwoners is bereikt.").wait_for()
    shoot(page, "start")
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    page.wait_for_load_state()
    assert page.get_by_text("De aanvraag is aangemaakt en als concept bewaard.").is_visible()


def fill_plan(page) -> None:
    page.get_by_role("link", name="Omgevingsanalyse en visie").first.click()
    assert_accessible(page)
    page.get_by_label("Omgevingsanalyse").fill(
        "Zuid-West-Vlaanderen telt 4.100 niet-werkende werkzoekenden, van wie 38% langer dan twee jaar.")
    page.get_by_label("Beleidsvisie").fill(
        "Tegen 2025 vindt elke inwoner met een afstand tot de arbeidsmarkt een passend traject, "
        "samen met VDAB, OCMW en de sociale economie.")
    save(page, "Bewaren")


def add_actions(page, call) -> None:
    for priority in call.priorities.order_by("order"):
        page.get_by_role("link", name="Acties en indicatoren").first.click()
        page.get_by_role("link", name=f"Actie toevoegen onder {priority.code}").click()
        page.get_by_label("Titel").fill(f"{priority.title[:60]} in de regio")
        page.get_by_label("Omschrijving").fill("Overleg, trajecten en opvolging met de partners.")
        for year in call.years:  # checked by default: the action runs 2023, 2024 and 2025
            assert page.get_by_label(str(year), exact=True).is_checked()
        page.get_by_label("Langdurig werkzoekenden").check()
        page.get_by_label("VDAB", exact=True).check()
        page.get_by_label("OCMW", exact=True).check()
        page.get_by_label("Actiecode in het meerjarenplan (BBC)").fill(f"AP-{priority.order}.1")
        save(page, "Actie bewaren")
        page.get_by_role("link", name="Indicator toevoegen").click()
        if priority.order == 1:
            assert_accessible(page)
        page.get_by_label(re.compile(r"^Indicator\b")).fill("Mensen in een traject")
        page.get_by_label("Eenheid").fill("personen")
        page.get_by_label("Beginwaarde").fill("20")
        for year, target in zip(call.years, ("30", "40", "50"), strict=True):
            page.get_by_label(f"Streefwaarde {year}").fill(target)
        save(page, "Indicator bewaren")
    page.get_by_role("link", name="Acties en indicatoren").first.click()
    assert_accessible(page)
    shoot(page, "actions")


def fill_budget(page, call) -> None:
    page.get_by_role("link", name="Begroting").first.click()
    for year in call.years:
        for category, source, amount in (("personeel_regisseur", "subsidie", "52.500,00"),
                                         ("werking", "eigen_inbreng", "7.500")):
            page.get_by_label(re.compile(r"^Jaar\b")).select_option(str(year))
            page.get_by_label("Soort kost").select_option(category)
            page.get_by_label("Financiering").select_option(source)
            page.get_by_label("Bedrag (€)").fill(amount)
            save(page, "Lijn toevoegen")
    assert page.get_by_role("cell", name="€ 180.000,00").is_visible()  # overall total, 3 × 60.000
    assert_accessible(page)
    shoot(page, "budget")


def fill_contacts(page) -> None:
    page.get_by_role("link", name="Contactgegevens").first.click()
    assert_accessible(page)
    page.get_by_label("Contactpersoon", exact=True).fill("An Peeters")
    page.get_by_label("E-mailadres contactpersoon").fill("an.peeters@zuidwest.example.be")
    page.get_by_label("Lokale regisseur", exact=True).fill("Jan Janssens")
    page.get_by_label("Rekeningnummer (IBAN) van de penvoerder").fill("BE71 0961 2345 6769")
    save(page, "Bewaren")


def upload_attachments(page, call, tmp_path) -> None:
    page.get_by_role("link", name="Bijlagen").first.click()
    assert_accessible(page)
    for attachment_type in call.mandatory_attachment_types.order_by("order"):
        for member in MEMBERS if attachment_type.per_member_municipality else (None,):
            page.get_by_label("Soort bijlage").select_option(label=attachment_type.name)
            if member:
                page.get_by_label("Gemeente", exact=True).select_option(label=member)
            slug = f"{attachment_type.code}-{member or 'regio'}".lower()
            page.get_by_label("Bestand (PDF)").set_input_files(
                pdf_file(tmp_path, f"{slug}.pdf", f"{attachment_type.name} {member or ''}"))
            page.get_by_role("button", name="Opladen").click()
            page.wait_for_load_state()
            assert page.get_by_text(f"'{slug}.pdf' is opgeladen.").is_visible()
    shoot(page, "attachments")


def test_a_samenwerkingsverband_applies_from_start_to_receipt(page, reference_data, tmp_path):
    call = factories.open_call(days_left=14)
    # The dossiers get the number a real one gets: the real call's prefix moves aside (prefixes are unique).
    Call.objects.filter(dossier_prefix="LR-2023").update(dossier_prefix="LR-2023-ARCHIEF")
    Call.objects.filter(pk=call.pk).update(dossier_prefix="LR-2023")
    region = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    factories.make_user(Role.AANVRAGER, organisation=region, username="regisseur")
    factories.make_application(call=call, members=("Menen", "Wevelgem"), complete=False,
                               applicant=factories.make_applicant(name="Regio Leie", lead="Menen"))
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.type), dialog.accept()))

    log_in(page, "regisseur")
    assert_accessible(page)
    shoot(page, "home")
    start_with_members(page, call)
    assert_accessible(page)

    fill_plan(page)
    page.get_by_label("Beleidsvisie").fill("Nog niet bewaard")  # leaving now asks first
    page.get_by_role("link", name="Overzicht").click()
    page.wait_for_load_state()
    assert warnings == ["beforeunload"]
    add_actions(page, call)
    fill_budget(page, call)
    fill_contacts(page)
    upload_attachments(page, call, tmp_path)

    page.get_by_role("link", name="Overzicht").click()
    assert page.get_by_text("Alles is ingevuld: de aanvraag is volledig en kan ingediend worden.").count()
    assert_accessible(page)
    shoot(page, "overview")
    page.get_by_role("link", name="Controleren en indienen").first.click()
    assert page.get_by_text("De checklist is leeg: alles is ingevuld.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag definitief indienen").click()
    assert page.get_by_text("Bevestig de verklaring op erewoord om in te dienen.").is_visible()
    assert_accessible(page)
    page.get_by_label("Ik verklaar op erewoord", exact=False).check()
    shoot(page, "submit")
    page.get_by_role("button", name="Aanvraag definitief indienen").click()
    page.wait_for_load_state()

    application = Application.objects.get(applicant=region)
    assert application.status == ApplicationStatus.INGEDIEND
    assert page.get_by_role("heading", name="Ontvangstbewijs").is_visible()
    assert page.get_by_text("LR-2023-001").is_visible()
    assert page.get_by_text(application.versions.get().sha256).is_visible()
    assert_accessible(page)
    shoot(page, "receipt")

    page.get_by_role("link", name="Status en opvolging").click()
    assert page.get_by_role("cell", name="Indienen").is_visible()
    assert_accessible(page)
    shoot(page, "status")
    answer_clarification(page, application)


def answer_clarification(page, application) -> None:
    """The department asks a question (through the same services as its pages); the
    applicant reads it with its deadline, answers and resubmits."""
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    services.fire(reviewer, application.pk, "declare_admissible")
    services.declare_conflict(reviewer, application.pk, has_conflict=False)
    services.fire(reviewer, application.pk, "start_assessment")
    services.fire(reviewer, application.pk, "request_clarification",
                  {"question": "Welke sociale-economieondernemingen werken mee aan WSE-LR3?"})
    page.reload()
    assert page.get_by_role("heading", name="Het departement vraagt een aanvulling").is_visible()
    assert page.get_by_text("Antwoorden kan tot").is_visible()
    assert_accessible(page)
    page.get_by_label("Uw antwoord").fill("De maatwerkbedrijven Mariasteen en Mivas, en de kringwinkel.")
    shoot(page, "clarification")
    page.get_by_role("button", name="Aanvulling indienen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Uw aanvulling is ingediend.").is_visible()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.IN_BEOORDELING
