"""Deciding a call as the department does: the amount rule and the ranking share out the
envelope before anyone decides, the envelope is a limit (beyond it only with an audited
override), a beslisser approves every ready proposal in one act, and every amount field reads
Belgian notation."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import Application, ApplicationStatus, BudgetCategory, BudgetLine, BudgetSource
from grants.roles import Role
from tests import factories
from tests.api_world import API, assert_error, client_for
from tests.lifecycle import declare, make_cast, place_in
from tests.test_letters import pdf_text
from workflow.acts import approve_collectively
from workflow.decisions import distribution
from workflow.forms import DecisionProposalForm
from workflow.letters.tasks import make_decision_letter
from workflow.models import AuditEvent, DecisionAct, DecisionLetter, DecisionProposal
from workflow.services import fire
from workflow.signals import transition_committed

YEARS = ("2023", "2024", "2025")
# Four regiegebieden; the old regime's bands (call data, version 1) give 50.000 from 80.000
# inhabitants and 25.000 below. Ranked: the one with a centrumstad, then by inhabitants.
REGIONS = {
    "Regio Kortrijk": ("Kortrijk", "Kuurne", "Harelbeke"),  # 120.811, centrumstad Kortrijk
    "Regio Leie": ("Waregem", "Menen", "Wevelgem"),  # 104.495
    "Regio Meetjesland": ("Eeklo", "Maldegem", "Assenede"),  # 60.633
    "Regio Tielt": ("Tielt", "Wingene", "Ardooie", "Pittem"),  # 51.340
}
ACT = {
    "act_kind": "ministerieel_besluit",
    "act_number": "MB-2023-0412",
    "act_date": "14/04/2023",
    "signer_name": "Jo Brouns",
    "signer_function": "Vlaams minister van Werk en Sociale Economie",
}


def regions(call, status=ApplicationStatus.IN_BEOORDELING):
    cast = None
    applications = {}
    for name, members in REGIONS.items():
        applicant = factories.make_applicant(name=name, lead=members[0])
        application = factories.make_application(call, applicant=applicant, members=members)
        cast = cast or make_cast(applicant)
        applications[name] = submitted(place_in(status, cast, application))
        declare(cast, application)
    return cast, applications


def submitted(application):
    """Submitted before the deadline, as the department's pages expect of a dossier."""
    Application.objects.filter(pk=application.pk).update(
        submitted_at=application.call.deadline - timedelta(days=1)
    )
    application.refresh_from_db()
    return application


def test_an_oversubscribed_call_is_shared_out_by_rank_to_the_cent(call):
    call.annual_envelope = Decimal("110000.00")
    call.save()
    _cast, applications = regions(call)

    shares = distribution(call)

    assert [row.application.applicant.name for row in shares.rows] == list(REGIONS)
    by_name = {row.application.applicant.name: row for row in shares.rows}
    assert by_name["Regio Meetjesland"].by_rule[2024] == Decimal("25000.00")
    assert [by_name[name].proposed[2024] for name in REGIONS] == [
        Decimal("50000.00"),
        Decimal("50000.00"),
        Decimal("10000.00"),
        Decimal("0"),
    ]
    assert shares.oversubscribed_years == [2023, 2024, 2025]
    for year in call.years:
        assert shares.proposed_total(year) == call.annual_envelope  # the envelope exactly
    # The proposal form offers the application its share by default and names the rule beside it.
    form = DecisionProposalForm(application=applications["Regio Meetjesland"])
    assert form.fields["amount_2024"].initial == Decimal("10000.00")
    assert str(form.fields["amount_2024"].help_text) == (
        "Gevraagd: € 50.000,00. Volgens de bedragregel: € 10.000,00. De bedragregel is nog te bevestigen.")


def test_the_distribution_page_shows_the_ranking_and_marks_the_unconfirmed_rule(client, call):
    call.annual_envelope = Decimal("110000.00")
    call.save()
    cast, _applications = regions(call)
    client.force_login(cast.reviewer)
    page = client.get(reverse("department-distribution", args=[call.code])).content.decode()
    assert page.index("Regio Kortrijk") < page.index("Regio Leie") < page.index("Regio Tielt")
    assert "te bevestigen" in page and "Overtekend in 2023, 2024, 2025" in page
    assert "€ 10.000,00" in page


def test_a_deviation_from_the_rule_needs_a_motivation(call):
    cast, applications = regions(call)
    application = applications["Regio Meetjesland"]  # the rule gives 25.000 of the 50.000 asked
    data = {
        "outcome": "toekenning",
        "motivation": "Sterk plan.",
        **{f"amount_{y}": "50.000,00" for y in YEARS},
    }
    with pytest.raises(ValidationError) as refused:
        fire(cast.proposer, application.pk, "propose_decision", data)
    assert "motiveer de afwijking" in str(refused.value)
    fire(
        cast.proposer,
        application.pk,
        "propose_decision",
        {**data, "deviation_motivation": "Grote doelgroep."},
    )
    proposal = DecisionProposal.objects.get(application=application)
    assert (proposal.rule_version, proposal.rule_amounts["2024"]) == (1, "25000.00")
    assert proposal.deviation_motivation == "Grote doelgroep."


def test_approving_beyond_the_envelope_is_refused_unless_an_override_is_recorded(client, call):
    call.annual_envelope = Decimal("110000.00")
    call.save()
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)  # 50.000 a year each
    fire(cast.decider, applications["Regio Kortrijk"].pk, "approve_decision")
    fire(cast.decider, applications["Regio Leie"].pk, "approve_decision")
    third = applications["Regio Meetjesland"]

    with pytest.raises(ValidationError) as refused:
        fire(cast.decider, third.pk, "approve_decision")
    assert "overschrijdt het jaarbudget" in str(refused.value) and "€ 40.000,00" in str(refused.value)
    client.force_login(cast.decider)
    step = reverse("department-step", args=[third.pk, "approve_decision"])
    page = client.post(step, {"override_envelope": "on"})
    assert (
        page.status_code == 400
        and "Motiveer waarom u boven het jaarbudget goedkeurt." in page.content.decode()
    )
    third.refresh_from_db()
    assert third.status == ApplicationStatus.BESLISSING_VOORGESTELD  # nothing changed

    client.post(step, {"override_envelope": "on", "override_motivation": "Het kabinet verhoogt het budget."})
    third.refresh_from_db()
    assert third.status == ApplicationStatus.TOEGEKEND
    event = AuditEvent.objects.get(application=third, transition="approve_decision")
    assert event.data["envelope_override"] == "Het kabinet verhoogt het budget."
    assert "€ 40.000,00" in event.data["envelope_refusal"] and event.actor == cast.decider
    assert (
        DecisionProposal.objects.get(application=third).envelope_override
        == "Het kabinet verhoogt het budget."
    )


TEN = (
    "Diest",
    "Tienen",
    "Anzegem",
    "Avelgem",
    "Deerlijk",
    "Lendelede",
    "Zwevegem",
    "Dentergem",
    "Meulebeke",
    "Oostrozebeke",
)


def test_ten_proposals_are_approved_in_one_act_that_every_letter_and_the_annex_cite(
    client, call, django_capture_on_commit_callbacks
):
    cast = None
    ten = []
    for name in TEN:
        applicant = factories.make_applicant(name=f"Gemeente {name}", kind="centrumstad", lead=name)
        application = factories.make_application(call, applicant=applicant, members=(name,))
        cast = cast or make_cast(applicant)
        ten.append(submitted(place_in(ApplicationStatus.BESLISSING_VOORGESTELD, cast, application)))
        declare(cast, application)
    committed = []
    transition_committed.connect(
        lambda sender, **kw: committed.append(kw["application_id"]), weak=False, dispatch_uid="t16"
    )
    try:
        client.force_login(cast.decider)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("department-collective-act", args=[call.code]), ACT)
    finally:
        transition_committed.disconnect(dispatch_uid="t16")

    act = DecisionAct.objects.get()
    assert response.status_code == 302 and response.url == reverse("department-act", args=[act.pk])
    assert (act.number, act.collective, act.recorded_by) == ("MB-2023-0412", True, cast.decider)
    assert sorted(committed) == sorted(a.pk for a in ten)  # each dossier's e-mail and letter once
    assert DecisionProposal.objects.filter(act=act, approved_by=cast.decider).count() == 10
    for application in ten:
        letter = DecisionLetter.objects.get(pk=make_decision_letter(application.pk))
        assert "Bij ministerieel besluit nr. MB-2023-0412 van 14/04/2023 heeft Jo Brouns" in pdf_text(
            letter.file.read()
        )

    annex = pdf_text(client.get(reverse("department-act-annex", args=[act.pk, "pdf"])).content)
    assert all(a.dossier_number in annex for a in ten)
    assert "Totaal € 500.000,00 € 500.000,00 € 500.000,00 € 1.500.000,00" in annex
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("department-act-annex", args=[act.pk, "xlsx"])).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    beneficiaries = rows[1:-1]
    assert sorted(row[1] for row in beneficiaries) == sorted(f"Gemeente {name}" for name in TEN)
    assert (
        sum(Decimal(str(row[-1])) for row in beneficiaries)
        == Decimal(str(rows[-1][-1]))
        == Decimal("1500000")
    )


def test_the_collective_act_leaves_out_a_proposal_the_beslisser_made_and_refuses_without_details(
    client, call
):
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    with pytest.raises(ValidationError) as refused:
        approve_collectively(cast.proposer, call, {**ACT, "act_number": ""})
    assert "Geef het nummer van de akte." in str(refused.value)
    assert not DecisionAct.objects.exists()
    # The proposer proposed all four: four eyes leave nothing for them to approve.
    with pytest.raises(ValidationError, match="geen beslissingsvoorstel"):
        approve_collectively(cast.proposer, call, ACT)
    with pytest.raises(ValidationError, match="grond van de delegatie"):
        approve_collectively(cast.decider, call, {**ACT, "act_kind": "delegatie"})
    assert not DecisionAct.objects.exists()


def _asks_more(application):
    """A plan that asks 62.500,00 a year, so that a reviewer may type that amount."""
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application,
            year=int(y),
            category=BudgetCategory.OPERATING,
            source=BudgetSource.SUBSIDY,
            amount=Decimal("12500.00"),
        )
        for y in YEARS
    )


def test_a_reviewer_types_belgian_amounts_on_the_page(client, call):
    cast, applications = regions(call)
    application = applications["Regio Kortrijk"]
    _asks_more(application)
    client.force_login(cast.proposer)
    step = reverse("department-step", args=[application.pk, "propose_decision"])
    refused = client.post(
        step, {"outcome": "toekenning", "motivation": "Sterk.", "amount_2023": "62,500.0.0"}
    )
    assert (
        refused.status_code == 400 and "Geef een getal, bijvoorbeeld 62.500,00." in refused.content.decode()
    )
    client.post(
        step,
        {
            "outcome": "toekenning",
            "motivation": "Sterk.",
            "deviation_motivation": "Volledig plan.",
            **{f"amount_{y}": "62.500,00" for y in YEARS},
        },
    )
    assert DecisionProposal.objects.get(application=application).amounts == dict.fromkeys(YEARS, "62500.00")


def test_a_reviewer_sends_belgian_amounts_through_the_api(call):
    cast, applications = regions(call)
    application = applications["Regio Kortrijk"]
    _asks_more(application)
    url = f"{API}/applications/{application.pk}/transitions/propose_decision/"
    body = {"outcome": "toekenning", "motivation": "Sterk.", "deviation_motivation": "Volledig plan."}
    error = assert_error(
        client_for(cast.proposer).post(url, {**body, "amounts": {"2023": "62.500,0.0"}}, format="json"), 400
    )
    assert "62.500,00" in str(error)
    response = client_for(cast.proposer).post(
        url, {**body, "amounts": dict.fromkeys(YEARS, "62.500,00")}, format="json"
    )
    assert response.status_code == 200, response.content
    assert DecisionProposal.objects.get(application=application).amounts == dict.fromkeys(YEARS, "62500.00")


def test_a_single_decision_has_its_own_act(call):
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    application = applications["Regio Tielt"]
    fire(
        cast.decider,
        application.pk,
        "approve_decision",
        {"act_number": "MB-2023-0501", "act_date": "02/05/2023"},
    )
    act = DecisionProposal.objects.get(application=application).act
    assert (act.number, act.collective, act.signer_name) == ("MB-2023-0501", False, "Jo Brouns")
    assert not factories.make_user(Role.BESLISSER).has_perm("workflow.change_decisionact")


def test_the_admin_reads_the_calls_amounts_the_belgian_way(rf, call):
    from django.contrib.admin.sites import site

    from grants.models import AmountRule, Call

    request = rf.get("/")
    request.user = factories.make_user(Role.BEHEERDER)
    form = site._registry[Call].get_form(request, call)
    assert form.base_fields["annual_envelope"].clean("3.500.000,00") == Decimal("3500000.00")
    inline = next(i for i in site._registry[Call].inlines if i.model is AmountRule)
    rule_form = inline(Call, site).get_formset(request, call).form
    assert rule_form.base_fields["floor"].clean("25.000,00") == Decimal("25000.00")
    with pytest.raises(ValidationError, match="Geef een getal"):
        rule_form.base_fields["ceiling"].clean("200.000,0,0")


def test_a_beslisser_records_the_collective_act_through_the_api(call):
    cast, applications = regions(call, ApplicationStatus.BESLISSING_VOORGESTELD)
    url = f"{API}/calls/{call.code}/decision-act/"
    act = {**ACT, "act_date": "2023-04-14"}
    assert_error(client_for(cast.member).post(url, act, format="json"), 404)
    delegated = {**act, "act_kind": "delegatie"}
    refused = assert_error(client_for(cast.decider).post(url, delegated, format="json"), 400)
    assert "grond van de delegatie" in str(refused)
    response = client_for(cast.decider).post(url, act, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "MB-2023-0412"
    assert sorted(response.json()["applications"]) == sorted(a.pk for a in applications.values())


@pytest.mark.parametrize("page", ["department-distribution", "department-collective-act"])
def test_the_decision_pages_read_as_many_queries_for_ten_dossiers_as_for_two(
        client, call, page, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast = None
    names = iter(TEN)

    def add(count):
        nonlocal cast
        for _ in range(count):
            name = next(names)
            applicant = factories.make_applicant(name=f"Gemeente {name}", kind="centrumstad", lead=name)
            application = factories.make_application(call, applicant=applicant, members=(name,),
                                                     complete=False)
            cast = cast or make_cast(applicant)
            submitted(place_in(ApplicationStatus.BESLISSING_VOORGESTELD, cast, application))
            declare(cast, application)

    add(2)
    client.force_login(cast.decider)
    url = reverse(page, args=[call.code])
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(url).status_code == 200
    add(8)
    with django_assert_num_queries(len(with_two)):
        assert "Gemeente Oostrozebeke" in client.get(url).content.decode()


def test_a_badly_written_rule_or_ranking_is_refused_with_a_clear_message(call):
    from grants.models import AmountRule

    bands = [{"vanaf": 0, "bedrag": "25.000,00"}, {"vanaf": 80000, "bedrag": "50.000,00"}]
    rule = AmountRule(call=call, version=2, floor=Decimal("0"), bands=bands)
    rule.full_clean()
    assert rule.amount_for(95000) == Decimal("50000.00")
    for bands in ([{"vanaf": 0, "bedrag": "veel"}], [{"van": 0}], "25000", []):
        with pytest.raises(ValidationError) as refused:
            AmountRule(call=call, version=3, bands=bands).full_clean()
        assert "schijf" in str(refused.value) or "schijven" in str(refused.value)
    call.ranking_keys = ["werkloosheidsgraad"]
    with pytest.raises(ValidationError, match="Kies de sleutels uit: centrumstad_eerst, inwoners"):
        call.full_clean()
