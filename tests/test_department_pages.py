"""The department's workspace as its staff use it: list, dossier, conflict, assessment,
clarification, proposal with the envelope, approval by another beslisser; and who is refused."""

from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grants.models import Application, ApplicationStatus, Municipality
from grants.roles import Role
from tests import factories
from tests.lifecycle import DURING_CALL
from workflow import services
from workflow.models import Assessment, DecisionProposal, InternalNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(call):
    applicant = factories.make_applicant(name="Regio Zuid-West")
    return {
        "member": factories.make_user(Role.AANVRAGER, organisation=applicant, username="lid"),
        "reviewer": factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar"),
        "decider": factories.make_user(Role.BESLISSER, username="beslisser"),
        "applicant": applicant,
    }


def submitted(people, members=("Kortrijk", "Kuurne", "Harelbeke")):
    """A complete application submitted on time; another region's when other members are given."""
    applicant, member = people["applicant"], people["member"]
    if members[0] != "Kortrijk":
        applicant = factories.make_applicant(name=f"Regio {members[0]}", lead=members[0])
        member = factories.make_user(organisation=applicant)
    application = factories.make_application(applicant=applicant, members=members)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", {"declaration": "on"})
    return application


def in_assessment(people, members=("Kortrijk", "Kuurne", "Harelbeke")):
    application = submitted(people, members)
    reviewer = people["reviewer"]
    services.fire(reviewer, application.pk, "declare_admissible")
    services.declare_conflict(reviewer, application.pk, has_conflict=False)
    services.fire(reviewer, application.pk, "start_assessment")
    return application


def proposed(people, members=("Kortrijk", "Kuurne", "Harelbeke")):
    application = in_assessment(people, members)
    amounts = {f"amount_{year}": "50000.00" for year in (2023, 2024, 2025)}
    services.fire(people["reviewer"], application.pk, "propose_decision",
                  {"outcome": "toekenning", "motivation": "Sterk plan.", **amounts})
    return application


def test_the_list_shows_the_submitted_application_and_filters_it(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    url = reverse("department-list", args=[application.call.code])
    page = client.get(url).content.decode()
    assert application.__class__.objects.get(pk=application.pk).dossier_number in page
    assert "Regio Zuid-West" in page
    assert "Regio Zuid-West" not in client.get(url, {"status": "toegekend"}).content.decode()
    assert "Regio Zuid-West" in client.get(url, {"q": "zuid-west", "volledig": "ja"}).content.decode()
    assert "Regio Zuid-West" not in client.get(url, {"volledig": "nee"}).content.decode()


def test_the_dossier_shows_the_snapshot_attachments_audit_trail_in_brussels_time(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    page = client.get(reverse("department-dossier", args=[application.pk])).content.decode()
    assert "Actie WSE-LR1" in page and "Kortrijk" in page
    assert "gemeenteraadsbeslissing.pdf" in page
    assert "€ 50.000,00" in page
    assert "10/01/2023 14:00" in page  # DURING_CALL is 14:00 in Brussels (13:00 UTC)
    assert "In orde:" in page and "Niet in orde:" not in page


def test_an_applicant_gets_404_on_every_department_page(client, people):
    application = submitted(people)
    client.force_login(people["member"])
    for url in (reverse("department-home"), reverse("department-list", args=[application.call.code]),
                reverse("department-dashboard", args=[application.call.code]),
                reverse("department-dossier", args=[application.pk]),
                reverse("department-step", args=[application.pk, "approve_decision"]),
                reverse("department-municipalities")):
        assert client.get(url).status_code == 404


def test_internal_notes_stay_inside_the_department(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    client.post(reverse("department-note", args=[application.pk]), {"text": "Bel de regisseur."})
    assert InternalNote.objects.get().text == "Bel de regisseur."
    dossier = client.get(reverse("department-dossier", args=[application.pk]))
    assert "Bel de regisseur." in dossier.content.decode()
    client.force_login(people["member"])
    assert client.post(reverse("department-note", args=[application.pk]), {"text": "x"}).status_code == 404
    assert InternalNote.objects.count() == 1


def test_the_reviewer_declares_no_conflict_then_may_start_the_assessment(client, people):
    application = submitted(people)
    services.fire(people["reviewer"], application.pk, "declare_admissible")
    client.force_login(people["reviewer"])
    dossier = reverse("department-dossier", args=[application.pk])
    assert "Beoordeling starten" not in client.get(dossier).content.decode()
    client.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "nee"})
    assert "Beoordeling starten" in client.get(dossier).content.decode()
    response = client.post(reverse("department-step", args=[application.pk, "start_assessment"]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_BEOORDELING


def test_a_conflict_without_explanation_is_refused_in_dutch(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    page = client.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "ja"})
    assert "Licht het belangenconflict kort toe." in page.content.decode()


def test_the_reviewer_scores_each_criterion_with_a_motivation(client, people):
    application = in_assessment(people)
    criteria = list(application.call.criteria.all())
    client.force_login(people["reviewer"])
    url = reverse("department-assessment", args=[application.pk])
    data = {f"score_{c.pk}": "8" for c in criteria} | {f"motivation_{c.pk}": "Goed." for c in criteria}
    bad = {**data, f"score_{criteria[0].pk}": "11", f"motivation_{criteria[1].pk}": ""}
    page = client.post(url, bad).content.decode()
    assert "Geef een score van 0 tot 10." in page and "Motiveer de score" in page
    assert not Assessment.objects.exists()
    assert client.post(url, data).status_code == 302
    assert sorted(Assessment.objects.values_list("score", flat=True)) == [8] * len(criteria)


def test_a_clarification_request_sends_the_application_back(client, people):
    application = in_assessment(people)
    client.force_login(people["reviewer"])
    client.post(reverse("department-step", args=[application.pk, "request_clarification"]),
                {"question": "Welke partners werken mee?"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AANVULLING_GEVRAAGD


def test_the_proposal_page_shows_envelope_committed_and_warns_when_exceeded(client, people, call):
    call.annual_envelope = Decimal("80000.00")
    call.save()
    first = proposed(people, members=("Gent", "Merelbeke"))
    services.fire(people["decider"], first.pk, "approve_decision")
    second = in_assessment(people)
    client.force_login(people["reviewer"])
    page = client.get(reverse("department-step", args=[second.pk, "propose_decision"])).content.decode()
    assert "€ 80.000,00" in page  # envelope
    assert "€ 50.000,00" in page  # committed by the first approval
    assert "met € 20.000,00 overschreden" in page


def test_approval_is_refused_to_a_conflicted_decider_an_applicant_and_the_proposer(client, people):
    application = proposed(people)
    proposer = people["reviewer"]
    proposer.groups.add(Group.objects.get_or_create(name=Role.BESLISSER)[0])
    conflicted = factories.make_user(Role.DOSSIERBEHANDELAAR, username="verwant")
    conflicted.groups.add(Group.objects.get_or_create(name=Role.BESLISSER)[0])
    services.declare_conflict(conflicted, application.pk, has_conflict=True, explanation="Mijn broer.")
    url = reverse("department-step", args=[application.pk, "approve_decision"])
    client.force_login(conflicted)
    response = client.post(url)
    assert response.status_code == 403 and "belangenconflict" in response.content.decode()
    client.force_login(people["member"])
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):  # the service the API uses refuses the applicant too
        services.fire(people["member"], application.pk, "approve_decision")
    client.force_login(type(proposer).objects.get(pk=proposer.pk))
    response = client.post(url)
    assert response.status_code == 403
    assert "vier-ogenprincipe" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.BESLISSING_VOORGESTELD
    client.force_login(people["decider"])
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TOEGEKEND
    assert DecisionProposal.objects.get().approved_by == people["decider"]


def test_the_department_edits_a_vdab_agreement(client, people):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    client.force_login(people["reviewer"])
    url = reverse("department-municipality", args=[kortrijk.pk])
    assert "Geef een datum" in client.post(url, {"since": "31/02/2020"}).content.decode()
    client.post(url, {"since": "01/03/2020"})
    kortrijk.refresh_from_db()
    assert kortrijk.vdab_agreement_since.isoformat() == "2020-03-01"
    assert "01/03/2020" in client.get(reverse("department-municipalities")).content.decode()


def test_the_dossier_shows_what_changed_in_the_answer_to_a_clarification(client, people):
    application = in_assessment(people)
    services.fire(people["reviewer"], application.pk, "request_clarification",
                  {"question": "Hoe werkt u samen met VDAB?"})
    new_vision = "Elke week een gezamenlijk spreekuur met VDAB."
    Application.objects.filter(pk=application.pk).update(vision=new_vision)
    services.fire(people["member"], application.pk, "resubmit", {"answer": "Zie de aangepaste visie."})
    client.force_login(people["reviewer"])
    page = client.get(reverse("department-dossier", args=[application.pk])).content.decode()
    assert "Versie 2" in page and "<td>Beleidsvisie</td>" in page  # what changed, in words
    assert "Samen met VDAB iedereen aan het werk." in page  # before
    assert new_vision in page  # after, and in the snapshot
    assert "Zie de aangepaste visie." in page


def test_only_the_department_edits_vdab_agreements(client, people):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    client.force_login(people["member"])
    assert client.post(reverse("department-municipality", args=[kortrijk.pk]),
                       {"since": "01/03/2020"}).status_code == 404
    kortrijk.refresh_from_db()
    assert kortrijk.vdab_agreement_since is None


def test_the_dossier_links_the_attachments_for_download(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    attachment = application.attachments.first()
    page = client.get(reverse("department-dossier", args=[application.pk])).content.decode()
    link = reverse("attachment-download", args=[application.pk, attachment.pk])
    assert link in page
    assert client.get(link).status_code == 200


def test_the_menu_offers_each_user_their_own_workspace(client, people):
    client.force_login(people["reviewer"])
    menu = client.get(reverse("department-home"), follow=True).content.decode()
    assert f'href="{reverse("department-home")}"' in menu and "Mijn aanvragen" not in menu

    client.force_login(people["member"])
    menu = client.get(reverse("home")).content.decode()
    assert "Mijn aanvragen" in menu and f'href="{reverse("department-home")}"' not in menu
