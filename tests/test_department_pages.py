"""The department's workspace as its staff use it: list, dossier, conflict, assessment,
clarification, proposal with the envelope, approval by another beslisser; and who is refused.
What each side may read: internal remarks stay inside, drafts stay the applicant's; the
workspace opens on the real call; a page says what is needed before the next step and shows
a form only to who may use it."""

import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grants.models import Application, ApplicationStatus, Call, Municipality, PartnerType, TargetGroup
from grants.rehearsal import copy_call_as_rehearsal
from grants.roles import Role
from tests import factories
from tests.api_world import API, client_for
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
    start = reverse("department-step", args=[application.pk, "start_assessment"])
    assert start not in client.get(dossier).content.decode()
    client.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "nee"})
    assert start in client.get(dossier).content.decode()
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
    services.declare_conflict(people["decider"], first.pk, has_conflict=False)
    services.fire(people["decider"], first.pk, "approve_decision")
    second = in_assessment(people)
    client.force_login(people["reviewer"])
    step = reverse("department-step", args=[second.pk, "propose_decision"])
    page = client.get(step).content.decode()
    assert "€ 80.000,00" in page  # envelope
    assert "€ 50.000,00" in page  # committed by the first approval
    assert 'value="30.000"' in page and "overschreden" not in page  # offered: what is left
    typed = client.post(step, {"outcome": "toekenning",
                               **{f"amount_{y}": "50.000,00" for y in (2023, 2024, 2025)}})
    assert "met € 20.000,00 overschreden" in typed.content.decode()


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
    services.declare_conflict(people["decider"], application.pk, has_conflict=False)
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TOEGEKEND
    assert DecisionProposal.objects.get().approved_by == people["decider"]


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
                       {"status": "afgesloten", "since": "01/03/2020"}).status_code == 404
    assert not kortrijk.agreement_changes.exists()


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


def text(response) -> str:
    """The page's text with entities read and white space folded, to search sentences in."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def seen_by_the_applicant(client, people, application) -> str:
    """The applicant's status page and their API audit trail, as one text."""
    client.force_login(people["member"])
    page = text(client.get(reverse("portal-status", args=[application.pk])))
    rows = client_for(people["member"]).get(f"{API}/applications/{application.pk}/audit/").json()["results"]
    return page + repr(rows)


def test_a_reviewers_remark_stays_internal_but_the_inadmissibility_motivation_reaches_the_applicant(
        client, people):
    assessed = submitted(people)
    reviewer = people["reviewer"]
    services.fire(reviewer, assessed.pk, "declare_admissible", {"comment": "Bijlagen nagekeken."})
    services.declare_conflict(reviewer, assessed.pk, has_conflict=False)
    services.fire(reviewer, assessed.pk, "start_assessment", {"comment": "Twijfel over de partners."})
    seen = seen_by_the_applicant(client, people, assessed)
    assert "Twijfel over de partners." not in seen and "Bijlagen nagekeken." not in seen
    client.force_login(reviewer)
    assert "Twijfel over de partners." in text(client.get(reverse("department-dossier", args=[assessed.pk])))

    refused = submitted(people, members=("Gent", "Merelbeke"))
    services.fire(reviewer, refused.pk, "declare_inadmissible",
                  {"comment": "Geen gemeenteraadsbeslissingen."})
    member = refused.applicant.users.first()
    client.force_login(member)
    assert "Geen gemeenteraadsbeslissingen." in text(client.get(reverse("portal-status", args=[refused.pk])))
    rows = client_for(member).get(f"{API}/applications/{refused.pk}/audit/").json()["results"]
    assert "Geen gemeenteraadsbeslissingen." in [row["message"] for row in rows]


def test_every_text_field_of_a_step_says_who_reads_it(client, people):
    application = submitted(people)
    client.force_login(people["reviewer"])
    admissible = text(client.get(reverse("department-step", args=[application.pk, "declare_admissible"])))
    assert "Intern: nooit zichtbaar voor de aanvrager." in admissible
    inadmissible = text(client.get(reverse("department-step", args=[application.pk, "declare_inadmissible"])))
    assert "De aanvrager leest dit." in inadmissible


def test_a_draft_is_counted_on_the_list_but_its_contents_stay_the_applicants(client, people, call):
    draft = factories.make_application(call=call, applicant=people["applicant"])
    client.force_login(people["reviewer"])
    page = text(client.get(reverse("department-list", args=[call.code])))
    assert "Regio Zuid-West" not in page
    assert "Daarnaast is 1 aanvraag nog niet ingediend" in page
    assert client.get(reverse("department-dossier", args=[draft.pk])).status_code == 404


def test_the_dossier_shows_target_groups_partners_contacts_and_iban(client, people, call):
    application = factories.make_application(call=call, applicant=people["applicant"])
    action = application.actions.first()
    group, partner = TargetGroup.objects.first(), PartnerType.objects.first()
    action.target_groups.add(group)
    action.partners.add(partner)
    submitted_application = submitted_as_is(people, application)
    client.force_login(people["reviewer"])
    page = text(client.get(reverse("department-dossier", args=[submitted_application.pk])))
    for shown in (group.name, partner.name, "An Peeters", "Jan Janssens", "BE71096123456769"):
        assert shown in page


def submitted_as_is(people, application):
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(people["member"], application.pk, "submit", {"declaration": "on"})
    return application


def test_the_department_lands_on_the_real_calls_workspace_with_a_call_switcher(client, people, call):
    rehearsal = copy_call_as_rehearsal(call)
    assert Call.objects.first() == rehearsal  # the latest deadline: what the start page used to open
    response = client.post(reverse("login"), {"username": "behandelaar", "password": "wachtwoord-123"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("department-list", args=[call.code])
    page = text(response)
    assert f'href="{reverse("department-list", args=[rehearsal.code])}"' in page
    assert "Een oefenoproep is een kopie van de echte oproep" in page


def test_the_departments_call_is_an_open_real_one_else_the_latest_real_one_else_a_rehearsal(
        call, django_assert_num_queries):
    rehearsal = copy_call_as_rehearsal(call)  # open now, and the latest deadline
    with django_assert_num_queries(1):
        assert Call.objects.for_the_department() == call  # closed, but real
    later = copy_call_as_rehearsal(call, days_left=400, code="later")
    Call.objects.filter(pk=later.pk).update(is_rehearsal=False, opens_at=later.deadline)
    assert Call.objects.for_the_department() == later  # real, not open yet, the latest deadline
    Call.objects.filter(pk=call.pk).update(opens_at=rehearsal.opens_at, deadline=rehearsal.deadline)
    assert Call.objects.for_the_department() == call  # real and open now
    assert Call.objects.filter(is_rehearsal=True).for_the_department() == rehearsal


def test_the_dossier_says_what_is_needed_before_the_assessment_and_what_was_declared(client, people):
    application = submitted(people)
    services.fire(people["reviewer"], application.pk, "declare_admissible")
    client.force_login(people["reviewer"])
    dossier = reverse("department-dossier", args=[application.pk])
    assert ("<strong>Beoordeling starten:</strong> Verklaar eerst dat u geen belangenconflict hebt met "
            "deze aanvrager." in text(client.get(dossier)))
    client.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "nee"})
    page = text(client.get(dossier))
    assert "Geen belangenconflict verklaard" in page and "Verklaar eerst" not in page


def test_a_step_form_is_shown_only_to_who_may_use_it(client, people):
    application = proposed(people)
    proposer = people["reviewer"]
    proposer.groups.add(Group.objects.get_or_create(name=Role.BESLISSER)[0])
    client.force_login(proposer)
    response = client.get(reverse("department-step", args=[application.pk, "approve_decision"]))
    assert response.status_code == 403
    assert "vier-ogenprincipe" in text(response) and 'method="post" class="form"' not in text(response)
    response = client.get(reverse("department-step", args=[application.pk, "start_assessment"]))
    assert response.status_code == 409


def test_the_beslisser_declares_before_approving_and_is_not_asked_after_the_decision(client, people):
    application = proposed(people)
    decider = people["decider"]
    client.force_login(decider)
    dossier = reverse("department-dossier", args=[application.pk])
    page = text(client.get(dossier))
    assert "Belangenconflict verklaren" in page
    assert "<strong>Beslissing goedkeuren:</strong> Verklaar eerst" in page
    client.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "nee"})
    approve = reverse("department-step", args=[application.pk, "approve_decision"])
    assert client.post(approve).status_code == 302
    client.force_login(factories.make_user(Role.BESLISSER, username="laatkomer"))
    assert "Belangenconflict verklaren" not in text(client.get(dossier))


def test_the_assignment_list_names_people_by_their_full_name(client, people, call):
    submitted(people)
    colleague = factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar2")
    colleague.first_name, colleague.last_name = "Pieter", "De Smet"
    colleague.save()
    client.force_login(people["reviewer"])
    page = client.get(reverse("department-list", args=[call.code])).content.decode()
    assert page.count(">Pieter De Smet</option>") == 2  # the filter and the assign form
    assert ">behandelaar2</option>" not in page


def test_the_kept_submitted_version_shows_a_new_one_from_the_pages_or_the_api_at_once(client, people):
    """The submitted version on the dossier is kept rendered (through the cache, under the count
    of versions; see tests/test_department_dossier_cache.py): an answer to a clarification, on
    the portal's pages or through the API, is a new version, on the dossier's next view."""
    from django.test import Client

    from tests.api_world import API, client_for

    application, reviewer = in_assessment(people), people["reviewer"]
    client.force_login(reviewer)
    dossier = reverse("department-dossier", args=[application.pk])

    def submitted_part() -> str:
        page = client.get(dossier).content.decode()
        return page[page.index('id="snapshot-title"'):page.index('id="attachments-title"')]

    assert "(versie 1 van" in submitted_part() and "Samen met VDAB iedereen aan het werk." in submitted_part()
    services.fire(reviewer, application.pk, "request_clarification", {"question": "En het OCMW?"})
    applicant = Client()
    applicant.force_login(people["member"])
    assert applicant.post(reverse("application-plan", args=[application.pk]), {
        "environment_analysis": "Aangevuld.", "vision": "Met het OCMW."}).status_code == 302
    assert applicant.post(reverse("portal-status", args=[application.pk]), {"answer": "Zie de visie."}
                          ).status_code == 302
    assert "(versie 2 van" in submitted_part() and "Met het OCMW." in submitted_part()
    services.fire(reviewer, application.pk, "request_clarification", {"question": "En VDAB?"})
    api = client_for(people["member"], token=True)
    assert api.patch(f"{API}/applications/{application.pk}/", {"vision": "Met VDAB."},
                     format="json").status_code == 200
    assert api.post(f"{API}/applications/{application.pk}/transitions/resubmit/", {"answer": "Ja."},
                    format="json").status_code < 300
    assert "(versie 3 van" in submitted_part() and "Met VDAB." in submitted_part()


def test_the_kept_dashboard_figures_show_a_change_from_the_page_or_the_api_at_once(client, call):
    """The dashboard's tables are kept rendered (grants.fragments.kept), keyed by every figure
    they show: an agreement with VDAB signed on the department's page or through the API is in
    the next dashboard's figures."""
    from django.utils import timezone

    from grants.models import Municipality
    from tests.api_world import API, client_for

    clerk, today = factories.make_user(Role.DOSSIERBEHANDELAAR), timezone.localdate()
    client.force_login(clerk)
    url = reverse("department-dashboard", args=[call.code])

    def vdab() -> str:
        page = client.get(url).content.decode()
        return page[page.index('id="vdab-title"'):page.index('id="uncovered-title"')]

    assert "<strong>Vlaanderen 0/" in vdab()
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    page = client.post(reverse("department-municipality", args=[kortrijk.pk]),
                       {"status": "afgesloten", "since": today.strftime("%d/%m/%Y")})
    assert page.status_code == 302
    assert "<strong>Vlaanderen 1/" in vdab()
    response = client_for(clerk, token=True).post(
        f"{API}/monitoring/municipalities/{kuurne.pk}/agreement-changes/",
        {"status": "afgesloten", "since": today.isoformat()}, format="json")
    assert response.status_code == 201, response.content
    assert "<strong>Vlaanderen 2/" in vdab()
