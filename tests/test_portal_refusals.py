"""Every refusal of the applicant portal: each gets a clear Dutch message and changes nothing."""

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants import services
from grants.models import Application, ApplicationStatus, BudgetLine, MunicipalityMembership
from grants.roles import Role
from tests import factories
from workflow import services as workflow_services
from workflow.snapshots import build_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept(open_call, region):
    return factories.make_application(call=open_call, applicant=region, complete=False)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def ids(*names):
    return [m.pk for m in factories.municipalities(*names)]


def test_a_municipality_in_another_application_is_refused_naming_that_application(client, clerk, region,
                                                                                 open_call):
    leie = factories.make_applicant(name="Regio Leie", lead="Menen")
    neighbour = factories.make_application(call=open_call, members=("Menen", "Wevelgem"), complete=False,
                                           applicant=leie)
    response = client.post(reverse("application-start", args=[open_call.code]), {
        "applicant": region.pk, "municipalities": ids("Kortrijk", "Wevelgem")})
    assert response.status_code == 200
    assert ("Wevelgem neemt al deel aan een andere aanvraag voor deze oproep: Regio Leie (concept)."
            in text(response))
    assert not Application.objects.filter(applicant=region).exists()
    assert list(neighbour.municipalities.order_by("name").values_list("name", flat=True)) == ["Menen",
                                                                                             "Wevelgem"]


def test_adding_a_taken_municipality_to_an_existing_application_changes_nothing(client, clerk, concept,
                                                                                open_call):
    factories.make_application(call=open_call, members=("Menen",), complete=False,
                               applicant=factories.make_applicant(name="Stad Menen", lead="Menen"))
    before = set(concept.municipalities.values_list("name", flat=True))
    response = client.post(reverse("application-members", args=[concept.pk]),
                           {"municipalities": ids("Kortrijk", "Menen")})
    refusal = "Menen neemt al deel aan een andere aanvraag voor deze oproep: Stad Menen (concept)."
    assert refusal in text(response)
    assert set(concept.municipalities.values_list("name", flat=True)) == before


def test_the_same_organisation_cannot_start_twice_for_one_call(clerk, concept, region, open_call):
    with pytest.raises(ValidationError, match="heeft voor deze oproep al een aanvraag"):
        services.start_application(clerk, region.pk, open_call.pk, ids("Kuurne"))
    assert Application.objects.filter(applicant=region).count() == 1


def test_a_closed_call_cannot_be_started(client, clerk, reference_data):
    assert client.get(reverse("application-start", args=[factories.the_call().code])).status_code == 404


@pytest.mark.parametrize(("amount", "message"), [
    ("-100", "Een bedrag of aantal kan niet negatief zijn."),
    ("-1.234,56", "Een bedrag of aantal kan niet negatief zijn."),
    ("twaalfduizend", "Geef een getal, bijvoorbeeld 1.234,56."),
    ("12,34,56", "Geef een getal, bijvoorbeeld 1.234,56."),
    ("1e400", "Geef een getal, bijvoorbeeld 1.234,56."),
    ("12,345", "Geef hoogstens twee cijfers na de komma."),
    ("99.999.999.999,00", "Dit getal is te groot."),
    ("", "Geef een bedrag."),
])
def test_negative_or_malformed_amounts_are_refused(client, clerk, concept, amount, message):
    response = client.post(reverse("application-budget", args=[concept.pk]), {
        "year": 2023, "category": "werking", "source": "subsidie", "amount": amount})
    assert response.status_code == 200
    assert message in text(response)
    assert "Er is niets bewaard." in text(response)
    assert not BudgetLine.objects.filter(application=concept).exists()


def test_the_service_itself_refuses_a_negative_amount(clerk, concept):
    """The API goes through the same service, without the form."""
    with pytest.raises(ValidationError, match="negatief"):
        services.save_budget_line(clerk, concept.pk, {"year": 2023, "category": "werking",
                                                      "source": "subsidie", "amount": Decimal("-5")})
    assert not BudgetLine.objects.filter(application=concept).exists()


def test_a_budget_year_outside_the_call_is_refused(clerk, concept):
    with pytest.raises(ValidationError, match="binnen de looptijd 2023–2025"):
        services.save_budget_line(clerk, concept.pk, {"year": 2026, "category": "werking",
                                                      "source": "subsidie", "amount": Decimal("5")})


def test_a_wrong_iban_is_refused_with_its_reason(client, clerk, concept):
    response = client.post(reverse("application-contacts", args=[concept.pk]), {
        "contact_name": "An", "contact_email": "an@example.be", "iban": "BE71 0961 2345 6760"})
    assert "de controlecijfers kloppen niet" in text(response)
    concept.refresh_from_db()
    assert concept.iban == "" and concept.contact_name == ""


def test_an_incomplete_application_cannot_be_submitted(client, clerk, concept):
    page = text(client.get(reverse("portal-submit", args=[concept.pk])))
    assert "Vul de omgevingsanalyse in." in page
    assert "Aanvraag definitief indienen" not in page  # no submit button while something is missing
    response = client.post(reverse("portal-submit", args=[concept.pk]), {"declaration": "on"})
    assert response.status_code == 409
    assert "Vul de omgevingsanalyse in." in text(response)
    concept.refresh_from_db()
    assert concept.status == ApplicationStatus.CONCEPT and concept.dossier_number is None


@pytest.fixture
def submitted(clerk, open_call, region):
    application = factories.make_application(call=open_call, applicant=region)
    workflow_services.fire(clerk, application.pk, "submit", {"declaration": "on"})
    return Application.objects.get(pk=application.pk)


def test_after_submission_the_editing_pages_show_it_read_only(client, submitted):
    response = client.get(reverse("application-plan", args=[submitted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("application-overview", args=[submitted.pk])
    page = text(response)
    assert "heeft de status 'ingediend' en kan niet meer gewijzigd worden" in page
    assert "<textarea" not in page


def direct_posts(application):
    """Every write of the portal, posted directly as a hand-made request would."""
    action = application.actions.first()
    indicator = action.indicators.first()
    line = application.budget_lines.first()
    attachment = application.attachments.first()
    pk = application.pk
    return [
        (reverse("application-members", args=[pk]), {"municipalities": ids("Kortrijk")}),
        (reverse("application-plan", args=[pk]), {"environment_analysis": "Gewijzigd",
                                                  "vision": "Gewijzigd"}),
        (reverse("application-contacts", args=[pk]), {"contact_name": "Iemand anders",
                                                      "contact_email": "x@example.be"}),
        (reverse("application-action-new", args=[pk]), {"priority": action.priority_id, "title": "Nieuw",
                                                        "years": [2023]}),
        (reverse("application-action", args=[pk, action.pk]), {"priority": action.priority_id,
                                                               "title": "Gewijzigd", "years": [2023]}),
        (reverse("application-action-delete", args=[pk, action.pk]), {}),
        (reverse("application-indicator", args=[pk, action.pk, indicator.pk]), {
            "name": "X", "unit": "Y", "target_2023": "1", "target_2024": "1", "target_2025": "1"}),
        (reverse("application-indicator-delete", args=[pk, action.pk, indicator.pk]), {}),
        (reverse("application-budget", args=[pk]), {"year": 2023, "category": "werking", "source": "subsidie",
                                                    "amount": "1"}),
        (reverse("application-budget-line", args=[pk, line.pk]), {"year": 2023, "category": "werking",
                                                                  "source": "subsidie", "amount": "1"}),
        (reverse("application-budget-delete", args=[pk, line.pk]), {}),
        (reverse("application-attachment-delete", args=[pk, attachment.pk]), {}),
        (reverse("portal-submit", args=[pk]), {"declaration": "on"}),
    ]


def test_after_submission_a_direct_post_is_refused_and_changes_nothing(client, submitted):
    before = build_snapshot(submitted)
    for url, data in direct_posts(submitted):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        page = text(response)
        assert ("kan niet meer gewijzigd worden" in page or "al ingediend" in page), url
    submitted.refresh_from_db()
    assert build_snapshot(submitted) == before
    assert submitted.status == ApplicationStatus.INGEDIEND


def test_an_upload_after_submission_is_refused(client, submitted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    count = submitted.attachments.count()
    statuten = submitted.call.mandatory_attachment_types.get(code="statuten")
    data = {"attachment_type": statuten.pk, "file": SimpleUploadedFile("s.pdf", factories.PDF_BYTES)}
    response = client.post(reverse("application-attachments", args=[submitted.pk]), data, follow=True)
    assert "kan niet meer gewijzigd worden" in text(response)
    assert submitted.attachments.count() == count


def test_another_organisation_gets_404_and_the_department_403(client, concept):
    pages = [reverse(name, args=[concept.pk]) for name in (
        "application-overview", "application-plan", "application-budget", "portal-submit", "portal-status")]
    client.force_login(factories.make_user(Role.AANVRAGER,
                                           organisation=factories.make_applicant(name="Regio Elders",
                                                                                 lead="Gent")))
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.post(pages[1], {"vision": "x"}).status_code == 404
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    assert client.post(pages[1], {"environment_analysis": "x", "vision": "x"}).status_code == 403
    concept.refresh_from_db()
    assert concept.vision == ""


def test_the_database_constraint_still_refuses_when_two_clerks_race(clerk, concept, open_call, monkeypatch):
    """If the first check is passed by a concurrent save, the partial unique constraint refuses,
    and the clerk still reads which application has the municipality."""
    factories.make_application(call=open_call, members=("Menen",), complete=False,
                               applicant=factories.make_applicant(name="Stad Menen", lead="Menen"))
    real_check = services._refuse_taken
    calls = []

    def late_check(*args):
        calls.append(args)
        if len(calls) > 1:  # the check after the IntegrityError
            real_check(*args)

    monkeypatch.setattr(services, "_refuse_taken", late_check)
    with pytest.raises(ValidationError, match="Menen neemt al deel aan een andere aanvraag.*Stad Menen"):
        services.set_members(clerk, concept.pk, ids("Kortrijk", "Menen"))
    names = sorted(concept.municipalities.values_list("name", flat=True))
    assert names == ["Harelbeke", "Kortrijk", "Kuurne"]


def test_submitting_after_the_deadline_is_refused_with_the_deadline(client, reference_data):
    region = factories.make_applicant(name="Regio Laat", lead="Kortrijk")
    client.force_login(factories.make_user(Role.AANVRAGER, organisation=region))
    late = factories.make_application(call=factories.the_call(), applicant=region)  # closed on 15/01/2023
    response = client.post(reverse("portal-submit", args=[late.pk]), {"declaration": "on"})
    assert response.status_code == 409
    refusal = "De indiendatum is voorbij: aanvragen konden tot 15/01/2023 om 23:59 ingediend worden."
    assert refusal in text(response)
    late.refresh_from_db()
    assert late.status == ApplicationStatus.CONCEPT


def test_a_member_municipality_reads_the_application_but_cannot_submit_it(client, open_call, region):
    application = factories.make_application(call=open_call, applicant=region)  # complete, with Kuurne
    town_clerk = factories.make_user(username="gemeente.kuurne")
    MunicipalityMembership.objects.create(user=town_clerk, municipality=factories.municipalities("Kuurne")[0])
    client.force_login(town_clerk)
    submit = reverse("portal-submit", args=[application.pk])
    assert client.get(reverse("application-overview", args=[application.pk])).status_code == 200
    assert client.get(submit).status_code == 403
    assert client.post(submit, {"declaration": "on"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONCEPT and not application.versions.exists()


def test_another_organisations_application_cannot_be_submitted_nor_seen(client, open_call, region):
    application = factories.make_application(call=open_call, applicant=region)  # complete
    leie = factories.make_applicant(name="Regio Leie", lead="Menen")
    client.force_login(factories.make_user(organisation=leie))
    submit = reverse("portal-submit", args=[application.pk])
    assert client.get(submit).status_code == 404
    assert client.post(submit, {"declaration": "on"}).status_code == 404
    assert client.post(submit, {}).status_code == 404  # a refused form shows nothing of it either
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONCEPT and not application.versions.exists()
