"""In a real browser, the department's way in: a dossierbehandelaar logs in and lands on the
workspace of the real call (not the rehearsal beside it); on a dossier they read why the
assessment cannot start yet, declare no conflict and start it; a proposer who opens the
approval form reads why they may not, and gets no form. axe-core checks each page."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.models import Application, ApplicationStatus
from grants.rehearsal import copy_call_as_rehearsal
from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in
from tests.lifecycle import DURING_CALL
from tests.test_browser_review import click_step
from workflow import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admissible_dossier(call) -> Application:
    """A submitted application, declared admissible: the next step is the assessment."""
    applicant = factories.make_applicant(name="Regio Zuid-West")
    member = factories.make_user(Role.AANVRAGER, organisation=applicant, username="lid")
    application = factories.make_application(call=call, applicant=applicant)
    with time_machine.travel(DURING_CALL, tick=False):
        services.fire(member, application.pk, "submit", {"declaration": "on"})
    services.fire(factories.make_user(Role.DOSSIERBEHANDELAAR), application.pk, "declare_admissible")
    return Application.objects.get(pk=application.pk)


def proposer_of(application) -> str:
    """A dossierbehandelaar who is also a beslisser proposes the decision; returns the username."""
    proposer = factories.make_user(Role.DOSSIERBEHANDELAAR, username="voorsteller")
    proposer.groups.add(Group.objects.get_or_create(name=Role.BESLISSER)[0])
    services.declare_conflict(proposer, application.pk, has_conflict=False)
    amounts = {f"amount_{year}": "50000.00" for year in application.call.years}
    services.fire(proposer, application.pk, "propose_decision",
                  {"outcome": "toekenning", "motivation": "Sterk plan.", **amounts})
    return proposer.username


def test_the_department_finds_its_way_through_a_dossier(page, call):
    copy_call_as_rehearsal(call)
    application = admissible_dossier(call)
    factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar")

    log_in(page, "behandelaar")
    assert page.url.endswith(reverse("department-list", args=[call.code]))
    assert page.get_by_text("Een oefenoproep is een kopie van de echte oproep").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=application.dossier_number).click()
    assert page.get_by_text("Verklaar eerst dat u geen belangenconflict hebt").is_visible()
    assert page.get_by_role("link", name="Beoordeling starten").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Belangenconflict verklaren").click()
    page.get_by_label("Nee, ik heb geen belangenconflict").check()
    page.get_by_role("button", name="Verklaring vastleggen").click()
    assert page.get_by_role("cell", name="Geen belangenconflict verklaard").is_visible()
    click_step(page, "Beoordeling starten")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_BEOORDELING

    proposer = proposer_of(application)
    page.get_by_role("button", name="Afmelden").click()
    log_in(page, proposer)
    page.goto(reverse("department-step", args=[application.pk, "approve_decision"]))
    assert page.get_by_text("vier-ogenprincipe").is_visible()
    assert page.get_by_role("button", name="Beslissing goedkeuren").count() == 0
    assert_accessible(page)
