"""The foundation: reference data, identifier checks, settings that hold the promises."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, Sum

from grants.formatting import format_eur
from grants.models import (
    AgreementChange,
    Applicant,
    ApplicantKind,
    Call,
    Municipality,
    PolicyPriority,
    Province,
)
from grants.rehearsal import copy_call_as_rehearsal
from grants.validators import validate_belgian_iban, validate_iban, validate_kbo
from tests import factories

pytestmark = pytest.mark.django_db


def test_reference_data_loads_300_municipalities_and_a_second_run_changes_nothing(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data")
    assert "niets gewijzigd" in capsys.readouterr().out
    assert Municipality.objects.count() == 300
    per_province = dict(Province.objects.annotate(n=Count("municipalities")).values_list("name", "n"))
    assert per_province == {"Antwerpen": 69, "Vlaams-Brabant": 65, "West-Vlaanderen": 64,
                            "Oost-Vlaanderen": 60, "Limburg": 42}
    assert Municipality.objects.aggregate(total=Sum("population"))["total"] == 6_698_876
    assert Municipality.objects.filter(is_centrumstad=True).count() == 13


def test_department_edits_survive_a_reload(reference_data):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    kortrijk.contact_email = "regie@kortrijk.be"
    kortrijk.save()
    AgreementChange.objects.create(municipality=kortrijk, status="afgesloten",
                                   since=datetime(2021, 3, 1).date())
    call_command("load_reference_data")
    kortrijk.refresh_from_db()
    assert kortrijk.contact_email == "regie@kortrijk.be"
    assert kortrijk.agreement_changes.get().status == "afgesloten"


def test_the_call_is_data(call):
    brussels = ZoneInfo("Europe/Brussels")
    assert call.title == "Lokale Regie Sociale Economie en Werk 2023–2025"
    assert call.deadline.astimezone(brussels) == datetime(2023, 1, 15, 23, 59, 59, tzinfo=brussels)
    assert call.years == [2023, 2024, 2025]
    assert format_eur(call.annual_envelope) == "€ 3.000.000,00"
    assert call.minimum_population == 60000
    assert call.is_population_exempt(ApplicantKind.CENTRUMSTAD)
    assert not call.is_population_exempt(ApplicantKind.SAMENWERKINGSVERBAND)
    assert call.reminder_offsets_days == [30, 14, 7, 2, 1]
    codes = list(call.priorities.values_list("code", flat=True))
    assert codes == ["WSE-LR1", "WSE-LR2", "WSE-LR3", "WSE-LR4"]
    assert set(call.mandatory_attachment_types.values_list("code", flat=True)) == {
        "gemeenteraadsbeslissing", "statuten", "uittreksel-meerjarenplan"}
    assert "wijk-werken" in PolicyPriority.objects.get(code="WSE-LR2").description


def test_a_second_call_with_the_same_dossier_prefix_is_refused(call):
    """Its first dossier would get a number the first call's first dossier already has."""
    second = Call.objects.get(pk=call.pk)
    second.pk, second.code = None, "lokale-regie-2026-2028"
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["dossier_prefix"] == [
        "Er bestaat al een Oproep met eenzelfde Voorvoegsel dossiernummer."]


def test_a_rehearsal_with_a_code_of_its_own_gets_a_prefix_of_its_own(call):
    first, second = copy_call_as_rehearsal(call), copy_call_as_rehearsal(call, code="oefening-2")
    assert first.dossier_prefix == "OEF-LR-2023" and second.dossier_prefix == "OEFENING-2"


def test_a_call_with_its_deadline_before_its_opening_is_refused(call):
    call.deadline = call.opens_at.replace(year=2021)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "deadline" in error.value.message_dict


@pytest.mark.parametrize("number", ["0314.595.348", "0314595348", "BE 0314.595.348", "0203.201.340"])
def test_valid_kbo_numbers_are_accepted(number):
    validate_kbo(number)


@pytest.mark.parametrize("number, message", [
    ("0314.595.349", "controlecijfers"),
    ("0314.595", "10 cijfers"),
    ("03145953A8", "alleen uit cijfers"),
])
def test_invalid_kbo_numbers_are_refused_with_a_clear_message(number, message):
    with pytest.raises(ValidationError) as error:
        validate_kbo(number)
    assert message in error.value.messages[0]


def test_an_applicant_with_an_invalid_kbo_number_is_not_saved(reference_data):
    applicant = Applicant(name="Regio Test", kind=ApplicantKind.CENTRUMSTAD, kbo_number="0314.595.349",
                          lead_municipality=Municipality.objects.get(name="Gent"))
    with pytest.raises(ValidationError) as error:
        applicant.full_clean()
    assert "controlecijfers" in error.value.message_dict["kbo_number"][0]
    assert not Applicant.objects.exists()


@pytest.mark.parametrize("iban", ["BE71 0961 2345 6769", "BE71096123456769", "be62 5100 0754 7061",
                                  "NL91 ABNA 0417 1643 00"])
def test_valid_ibans_are_accepted(iban):
    validate_iban(iban)


@pytest.mark.parametrize("iban, message", [
    ("BE71 0961 2345 6768", "controlecijfers"),   # ISO 13616 check fails
    ("BE72 0961 2345 6769", "controlecijfers"),   # Belgian national check fails
    ("BE71 0961 2345 676", "controlecijfers"),
    ("BE68 5390 0754 7034", "gekende bank"),      # no bank has code 539
])
def test_invalid_ibans_are_refused_with_a_clear_message(iban, message):
    with pytest.raises(ValidationError) as error:
        validate_iban(iban)
    assert message in error.value.messages[0]


def test_the_subsidy_goes_to_a_belgian_account():
    with pytest.raises(ValidationError) as error:
        validate_belgian_iban("NL91ABNA0417164300")
    assert "Belgisch" in error.value.messages[0]


def test_dutch_first_in_brussels_time():
    assert settings.LANGUAGE_CODE == "nl-be"
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ


@pytest.mark.parametrize("amount, shown", [("1234.56", "€ 1.234,56"), ("0", "€ 0,00"),
                                           ("3000000", "€ 3.000.000,00"), ("0.005", "€ 0,01")])
def test_amounts_are_shown_the_belgian_way(amount, shown):
    assert format_eur(amount) == shown


def test_the_admin_and_home_page_answer(client, call):
    assert client.get("/admin/login/").status_code == 200
    response = client.get("/")
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    client.force_login(factories.make_user())
    assert "Mijn aanvragen" in client.get("/").content.decode()
