"""Amounts and numbers are read and shown one way, the Belgian way: in the decision proposal, the
envelope preview beside it, the API and the indicator values on the pages."""

from decimal import Decimal, InvalidOperation

import pytest
import time_machine
from django.urls import reverse

from grants.formatting import AmountField, format_eur, format_int, format_number, parse_belgian_decimal
from grants.models import Indicator
from tests import factories
from tests.lifecycle import DURING_CALL
from tests.test_department_pages import in_assessment, people  # noqa: F401  (fixture)
from workflow import services
from workflow.forms import DecisionProposalForm
from workflow.models import DecisionProposal

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize(("typed", "meant"), [
    ("62.500,00", "62500.00"), ("62500,50", "62500.50"), ("62500", "62500"), ("1.250,5", "1250.5"),
    ("12,345", "12.345"), ("-5", "-5"), ("€ 1.234,56", "1234.56"), (" 1 234,56 ", "1234.56"),
    ("1\u00a0234,56", "1234.56"), ("12.500", "12500"), ("62500.00", "62500.00"),
])
def test_a_number_is_read_as_a_belgian_types_it(typed, meant):
    assert parse_belgian_decimal(typed) == Decimal(meant)


@pytest.mark.parametrize("typed", ["abc", "1.2.3", "62.50.0,00", "1e5", "NaN", "Infinity", "", "€"])
def test_what_is_not_a_number_is_refused_never_guessed(typed):
    with pytest.raises(InvalidOperation):
        parse_belgian_decimal(typed)


def test_amounts_counts_and_measured_values_are_shown_the_belgian_way():
    assert format_eur(Decimal("-1234.5")) == "-€ 1.234,50"
    assert format_int(6698876) == "6.698.876"
    assert [format_number(v) for v in ("1250.50", "12.00", "12.345", 3)] == ["1.250,50", "12", "12,345", "3"]


@pytest.mark.parametrize("amount", [0, 1, -1, "12.50", 1e6, Decimal("0.005"), Decimal("-0.005"),
                                    Decimal("-0.004"), Decimal("-0"), Decimal("1234.565"),
                                    Decimal("999999999.995"), Decimal("-1234567.891")])
def test_amounts_are_written_as_babels_belgian_pattern_writes_them(amount):
    from babel.numbers import format_currency

    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert format_eur(amount) == format_currency(rounded, "EUR", format="¤ #,##0.00", locale="nl_BE")


def test_the_amount_field_is_a_text_input_that_phones_open_with_digits():
    html = str(AmountField().widget.render("amount", Decimal("62500.00")))
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def proposal_form(application, **amounts) -> DecisionProposalForm:
    data = {"outcome": "toekenning", "motivation": "Sterk plan.",
            **{f"amount_{year}": amount for year, amount in amounts.items()}}
    return DecisionProposalForm(data, application=application)


def test_the_proposal_reads_belgian_amounts(people):  # noqa: F811
    application = in_assessment(people)
    form = proposal_form(application, **{"2023": "50.000,00", "2024": "50000,00", "2025": "€ 50.000"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amounts"] == {"2023": "50000.00", "2024": "50000.00", "2025": "50000"}


@pytest.mark.parametrize(("typed", "message"), [
    ("vijftigduizend", "Geef een getal, bijvoorbeeld 62.500,00."),
    ("1.2.3", "Geef een getal, bijvoorbeeld 62.500,00."),
    ("-5", "Een bedrag of aantal kan niet negatief zijn."),
    ("12,345", "Geef hoogstens twee cijfers na de komma."),
])
def test_an_unreadable_amount_is_refused_beside_its_field_never_taken_for_zero(people, typed, message):  # noqa: F811
    form = proposal_form(in_assessment(people), **{"2023": typed, "2024": "50.000,00", "2025": "50.000,00"})
    assert not form.is_valid()
    assert form.errors["amount_2023"] == [message]
    assert "outcome" not in form.errors  # no second, confusing refusal of the outcome


def test_the_proposal_offers_the_requested_amounts_and_the_preview_reads_what_is_typed(people):  # noqa: F811
    application = in_assessment(people)
    empty = DecisionProposalForm(application=application)
    assert [str(empty[f"amount_{year}"]).count('value="50.000"') for year in (2023, 2024, 2025)] == [1, 1, 1]
    assert empty.typed_amounts() == {2023: Decimal("50000"), 2024: Decimal("50000"), 2025: Decimal("50000")}
    typed = proposal_form(application, **{"2023": "12.500,50", "2024": "", "2025": "onleesbaar"})
    assert typed.typed_amounts() == {2023: Decimal("12500.50"), 2024: Decimal("0"), 2025: Decimal("50000.00")}


def test_the_proposal_page_stores_a_belgian_amount(client, people):  # noqa: F811
    application = in_assessment(people)
    client.force_login(people["reviewer"])
    client.post(reverse("department-step", args=[application.pk, "propose_decision"]), {
        "outcome": "gedeeltelijke_toekenning", "motivation": "Actie 3 is te duur.",
        "deviation_motivation": "Minder dan de bedragregel: actie 3 valt weg.",
        "amount_2023": "12.500,00", "amount_2024": "50.000,00", "amount_2025": "50.000,00"})
    proposal = DecisionProposal.objects.get(application=application)
    assert Decimal(proposal.amounts["2023"]) == Decimal("12500.00")


def test_the_api_takes_amounts_as_numbers_and_in_belgian_notation(client, people):  # noqa: F811
    application = in_assessment(people)
    client.force_login(people["reviewer"])
    response = client.post(
        f"/api/v1/applications/{application.pk}/transitions/propose_decision/",
        {"outcome": "gedeeltelijke_toekenning", "motivation": "Actie 3 is te duur.",
         "deviation_motivation": "Minder dan de bedragregel: actie 3 valt weg.",
         "amounts": {"2023": "12.500,50", "2024": 50000, "2025": "50000.00"}},
        content_type="application/json")
    assert response.status_code == 200, response.content
    amounts = DecisionProposal.objects.get(application=application).amounts
    assert {y: Decimal(a) for y, a in amounts.items()} == {
        "2023": Decimal("12500.50"), "2024": Decimal("50000"), "2025": Decimal("50000")}


def test_the_api_refuses_an_unreadable_amount_in_dutch(client, people):  # noqa: F811
    application = in_assessment(people)
    client.force_login(people["reviewer"])
    response = client.post(
        f"/api/v1/applications/{application.pk}/transitions/propose_decision/",
        {"outcome": "toekenning", "motivation": "Sterk plan.", "amounts": {"2023": "1.2.3"}},
        content_type="application/json")
    assert response.status_code == 400
    assert "62.500,00" in response.content.decode()
    assert not DecisionProposal.objects.filter(application=application).exists()


def test_indicator_values_are_shown_as_typed_in_the_dossier_and_on_the_applicants_page(client, people):  # noqa: F811
    application = factories.make_application(applicant=people["applicant"])
    Indicator.objects.filter(action__application=application).update(
        baseline=Decimal("1250.50"), targets={"2023": "1250.50", "2024": "12", "2025": "12.00"})
    client.force_login(people["member"])
    action = application.actions.first()
    own = client.get(reverse("application-action", args=[application.pk, action.pk])).content.decode()
    assert own.count("1.250,50") == 2 and "1250.50" not in own and "1250,50" not in own
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(people["member"], application.pk, "submit", {"declaration": "on"})
    client.force_login(people["reviewer"])
    dossier = client.get(reverse("department-dossier", args=[application.pk])).content.decode()
    assert "beginwaarde 1.250,50; 2023: 1.250,50, 2024: 12, 2025: 12" in dossier
