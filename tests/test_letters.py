"""Decision letters: what the municipality reads in the PDF, that it is made once and kept,
and who may download it."""

import hashlib
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.celery import app as celery_app
from grants.formatting import format_eur
from grants.roles import Role
from tests import factories
from workflow.letters import services
from workflow.letters.tasks import make_decision_letter
from workflow.models import DecisionAct, DecisionLetter, LetterBatch
from workflow.signals import letter_ready

AMOUNTS = {
    "toekenning": {2023: Decimal("50000.00"), 2024: Decimal("50000.00"), 2025: Decimal("50000.00")},
    "gedeeltelijke_toekenning": {2023: Decimal("41234.56"), 2024: Decimal("38000.10"),
                                 2025: Decimal("1234.50")},
    "weigering": {2023: Decimal("0"), 2024: Decimal("0"), 2025: Decimal("0")},
}
# Per outcome: the table's rows as the reader sees them (year, requested, granted) and the total.
ROWS = {
    "toekenning": ["2023 € 50.000,00 € 50.000,00", "2024 € 50.000,00 € 50.000,00",
                   "2025 € 50.000,00 € 50.000,00", "Totaal 2023–2025 € 150.000,00 € 150.000,00"],
    "gedeeltelijke_toekenning": ["2023 € 50.000,00 € 41.234,56", "2024 € 50.000,00 € 38.000,10",
                                 "2025 € 50.000,00 € 1.234,50", "Totaal 2023–2025 € 150.000,00 € 80.469,16"],
    "weigering": ["2023 € 50.000,00 € 0,00", "2024 € 50.000,00 € 0,00", "2025 € 50.000,00 € 0,00",
                  "Totaal 2023–2025 € 150.000,00 € 0,00"],
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def decided(call, outcome="toekenning", name="Welzijnsregio Zuid-West-Vlaanderen",
            members=("Kortrijk", "Kuurne", "Harelbeke"), **kwargs):
    applicant = factories.make_applicant(name=name, lead=members[0])
    application = factories.make_application(call, applicant=applicant, members=members)
    return factories.decide(application, outcome, AMOUNTS[outcome], **kwargs)


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def inadmissible(call, condition="De gemeenteraadsbeslissing van Kuurne ontbreekt."):
    """An application declared inadmissible and refused for it, through the real workflow."""
    import time_machine

    from workflow.services import declare_conflict, fire

    applicant = factories.make_applicant(name="Regio Leie", lead="Kortrijk")
    application = factories.make_application(call, applicant=applicant)
    member = factories.make_user(organisation=applicant)
    reviewer, decider = factories.make_user(Role.DOSSIERBEHANDELAAR), factories.make_user(Role.BESLISSER)
    with time_machine.travel(call.deadline - timedelta(days=3), tick=False):
        fire(member, application.pk, "submit", {"declaration": "on"})
        fire(reviewer, application.pk, "declare_inadmissible", {"comment": condition})
        declare_conflict(reviewer, application.pk, has_conflict=False)
        fire(reviewer, application.pk, "propose_decision",
             {"outcome": "weigering", "motivation": "Onvolledig."})
        declare_conflict(decider, application.pk, has_conflict=False)
        fire(decider, application.pk, "approve_decision")
    return application


KINDS = ["toekenning", "gedeeltelijke_toekenning", "weigering", "onontvankelijk"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_letter_of_each_kind_states_what_the_legal_service_asks(call, kind):
    application = (inadmissible(call) if kind == "onontvankelijk" else
                   decided(call, kind, name="Regio Zuid-Oost: Aalter & Ruiselede",
                           motivation="Het plan steunt op één analyse <met> de partners."))
    letter = DecisionLetter.objects.get(pk=make_decision_letter(application.pk))
    text = pdf_text(letter.file.read())
    act = DecisionAct.objects.get(proposals__application=application)
    money = kind in ("toekenning", "gedeeltelijke_toekenning")

    assert "Aan het college van burgemeester en schepenen van Kortrijk" in text  # the penvoerder
    assert "Kopie aan: de lokale regisseur, Jan Janssens; de colleges van burgemeester en schepenen van " \
           "Harelbeke, Kortrijk, Kuurne" in text
    assert f"Bij ministerieel besluit nr. {act.number} van {act.date:%d/%m/%Y} heeft Jo Brouns, Vlaams " \
           "minister van Economie" in text
    assert "decreet van 17 februari 2012" in text and "artikel 15" in text
    assert "besluit van de Vlaamse Regering van 29 april 2022" in text
    assert "Vlaamse Codex Overheidsfinanciën van 29 maart 2019, de titel over de subsidies " \
           "(te bevestigen)" in text
    assert f"briefnummer {letter.number}" in text and letter.number == f"{call.dossier_prefix}/B/0001"
    assert "Controle en terugvordering" in text and "vordert het departement" in text
    assert "binnen 60 dagen" in text and "Raad van State" in text
    assert ("Uitbetaling" in text) is money
    if money:
        assert "Regio Zuid-Oost: Aalter & Ruiselede" in text
        for row in ROWS[kind]:
            assert row in text
        # The schedule: 60 % after the decision, the balance after the report, per year.
        advance = cents(AMOUNTS[kind][2024] * Decimal("0.6"))
        assert f"2024 voorschot 60 % {format_eur(advance)} 05/2024" in text
        assert f"2024 saldo 40 % {format_eur(AMOUNTS[kind][2024] - advance)} 06/2025" in text
        assert "wordt betaald na goedkeuring van het jaarverslag (te bevestigen)" in text
        assert "(te bevestigen)" in text.split("Voorwaarden")[1].split("Uitbetaling")[0]
        assert "Bijlage 1. Samenvatting van het goedgekeurde meerjarenplan" in text
        assert "Actie WSE-LR1 (2023, 2024, 2025)" in text
    else:
        assert "€ 0,00" not in text  # what was asked, not a table of nothing granted
        assert "U vroeg in totaal € 150.000,00 subsidie: • 2023: € 50.000,00 • 2024: € 50.000,00" in text
        assert "Bijlage 1" not in text
    if kind == "onontvankelijk":
        assert "Beslissing van onontvankelijkheid" in text
        assert "uw aanvraag onontvankelijk is" in text
        assert "De gemeenteraadsbeslissing van Kuurne ontbreekt." in text
        assert "werd de inhoud ervan niet beoordeeld" in text
    if kind == "weigering":
        assert "Het plan steunt op één analyse <met> de partners." in text
        assert "uw aanvraag te weigeren" in text


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))


def test_every_font_in_the_letter_is_embedded(call):
    letter = services.get_or_create_letter(decided(call, "gedeeltelijke_toekenning").pk)
    reader = PdfReader(io.BytesIO(letter.file.read()))
    fonts = [font.get_object() for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        for descendant in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]


def test_asking_again_returns_the_stored_letter_with_its_hash_and_number(
        call, django_capture_on_commit_callbacks):
    first, second = decided(call), decided(call, "weigering", name="Regio Meetjesland",
                                            members=("Eeklo", "Maldegem", "Assenede"))
    announced = []
    letter_ready.connect(lambda sender, **kw: announced.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            letter = services.get_or_create_letter(first.pk)
            again = services.get_or_create_letter(first.pk)
            other = services.get_or_create_letter(second.pk)
    finally:
        letter_ready.disconnect(dispatch_uid="t")

    assert again.pk == letter.pk
    assert (letter.sequence, other.sequence) == (1, 2)
    assert letter.sha256 == hashlib.sha256(letter.file.read()).hexdigest()
    assert announced == [{"signal": letter_ready, "application_id": first.pk, "letter_id": letter.pk},
                         {"signal": letter_ready, "application_id": second.pk, "letter_id": other.pk}]


def test_a_stored_letter_cannot_be_changed_or_deleted(call):
    letter = services.get_or_create_letter(decided(call).pk)
    letter.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        letter.save()
    with pytest.raises(ValidationError):
        letter.delete()
    with pytest.raises(ValidationError):
        DecisionLetter.objects.filter(pk=letter.pk).update(sequence=99)


def test_no_letter_before_the_decision_is_approved(call):
    application = factories.make_application(call)
    with pytest.raises(ValidationError, match="nog geen beslissing"):
        services.get_or_create_letter(application.pk)
    assert not DecisionLetter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_approving_the_decision_makes_the_letter_through_celery(reference_data, eager_celery):
    announced = []
    letter_ready.connect(lambda sender, **kw: announced.append(kw["letter_id"]), weak=False, dispatch_uid="t")
    try:
        application = decided(factories.the_call(), "gedeeltelijke_toekenning")
    finally:
        letter_ready.disconnect(dispatch_uid="t")
    letter = DecisionLetter.objects.get(application=application)
    assert announced == [letter.pk]
    assert "€ 41.234,56" in pdf_text(letter.file.read())


def test_the_applicant_downloads_its_own_letter_and_no_one_elses(client, call):
    application = decided(call)
    member = factories.make_user(organisation=application.applicant)
    outsider = factories.make_user(organisation=factories.make_applicant(lead="Gent"))
    url = f"/aanvragen/{application.pk}/beslissingsbrief.pdf"

    client.force_login(member)
    assert client.get(url).status_code == 404  # decided, but the letter is not made yet
    services.get_or_create_letter(application.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"beslissingsbrief-{application.dossier_number}.pdf" in response["Content-Disposition"]
    assert application.dossier_number in pdf_text(b"".join(response.streaming_content))

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_department_makes_all_letters_of_a_call_as_one_zip(client, reference_data, eager_celery):
    call = factories.the_call()
    first = decided(call)
    second = decided(call, "weigering", name="Regio Meetjesland", members=("Eeklo", "Maldegem", "Assenede"))
    services.get_or_create_letter(first.pk)  # made earlier: reused, not made again
    client.force_login(factories.make_user(Role.BESLISSER))

    page = client.get(f"/departement/oproepen/{call.code}/brieven/")
    assert "2 aanvragen zijn beslist." in page.content.decode()
    response = client.post(f"/departement/oproepen/{call.code}/brieven/", follow=True)

    assert "2 van 2 brieven klaar" in response.content.decode()
    batch_url = response.redirect_chain[-1][0]
    assert "2 van 2 brieven klaar" in client.get(batch_url, headers={"HX-Request": "true"}).content.decode()
    download = client.get(batch_url + "brieven.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(f"beslissingsbrief-{a.dossier_number}.pdf" for a in (first, second))
    assert "Regio Meetjesland" in pdf_text(archive.read(f"beslissingsbrief-{second.dossier_number}.pdf"))
    assert DecisionLetter.objects.count() == 2


def test_a_batch_needs_a_decided_dossier_and_the_department(client, call):
    client.force_login(factories.make_user(Role.BESLISSER))
    response = client.post(f"/departement/oproepen/{call.code}/brieven/", follow=True)
    assert "nog geen beslist dossier" in response.content.decode()

    applicant = factories.make_applicant()
    client.force_login(factories.make_user(organisation=applicant))
    assert client.get(f"/departement/oproepen/{call.code}/brieven/").status_code == 404
    assert client.post(f"/departement/oproepen/{call.code}/brieven/").status_code == 404


def test_a_second_batch_waits_for_the_running_one(call):
    decided(call)
    user = factories.make_user(Role.BESLISSER)
    services.start_batch(user, call)
    with pytest.raises(ValidationError, match="loopt al een reeks"):
        services.start_batch(user, call)


@pytest.mark.postgres
def test_postgres_refuses_to_rewrite_a_sent_letter(call):
    from django.db import DatabaseError, connection, transaction

    letter = services.get_or_create_letter(decided(call).pk)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_decisionletter SET sha256 = %s WHERE id = %s", ["0" * 64, letter.pk])


def test_a_batch_left_by_a_dead_worker_does_not_block_the_next(call):
    decided(call)
    user = factories.make_user(Role.BESLISSER)
    stale = services.start_batch(user, call)
    LetterBatch.objects.filter(pk=stale.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    assert services.start_batch(user, call).pk != stale.pk


def test_the_batch_list_reads_a_constant_number_of_queries(client, call):
    decided(call)
    user = factories.make_user(Role.BESLISSER)
    client.force_login(user)
    url = f"/departement/oproepen/{call.code}/brieven/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    LetterBatch.objects.create(call=call, requested_by=user, total=1, done=1, status="klaar")
    one = queries()
    LetterBatch.objects.bulk_create(LetterBatch(call=call, requested_by=factories.make_user(Role.BESLISSER),
                                                total=1, done=1, status="klaar") for _ in range(8))
    assert queries() == one


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_workers_store_one_letter_per_application_and_number_them_without_gaps(reference_data):
    call = factories.the_call()
    applications = [decided(call), decided(call, "weigering", name="Regio Meetjesland",
                                           members=("Eeklo", "Maldegem", "Assenede"))]

    def make(application_id):
        try:
            return services.get_or_create_letter(application_id).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(make, [a.pk for a in applications] * 3))

    assert len(set(ids[0::2])) == 1 and len(set(ids[1::2])) == 1
    assert sorted(DecisionLetter.objects.values_list("sequence", flat=True)) == [1, 2]


def test_the_admin_shows_letters_and_batches_but_cannot_change_them(client, call):
    letter = services.get_or_create_letter(decided(call).pk)
    admin = factories.make_user(Role.BEHEERDER)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    assert letter.application.dossier_number in client.get(
        reverse("admin:workflow_decisionletter_changelist")).content.decode()
    assert client.get(reverse("admin:workflow_decisionletter_change", args=[letter.pk])).status_code == 200
    assert client.get(reverse("admin:workflow_letterbatch_changelist")).status_code == 200
    assert client.get(reverse("admin:workflow_decisionletter_add")).status_code == 403
    assert client.post(reverse("admin:workflow_decisionletter_delete", args=[letter.pk]),
                       {"post": "yes"}).status_code == 403
    assert DecisionLetter.objects.filter(pk=letter.pk, sha256=letter.sha256).exists()


def test_a_vereniging_with_its_own_board_is_addressed_through_its_raad_van_bestuur(call):
    application = decided(call, name="Werkkracht10", members=("Brugge", "Damme", "Beernem"))
    application.applicant.legal_form = "projectvereniging"
    application.applicant.save()
    text = pdf_text(services.get_or_create_letter(application.pk).file.read())
    assert "Aan de raad van bestuur van Werkkracht10" in text
    assert "Geachte leden van de raad van bestuur" in text
    assert "college van burgemeester en schepenen van Brugge" not in text.split("Kopie aan")[0]
