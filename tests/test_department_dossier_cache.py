"""The department's dossier shows its record (audit trail, notes, questions, proposals,
declarations, versions) and what the contents lack from the cache (grants.contents_cache), under
a key every write on them renews: whatever changes it, on a page or through the API, shows on
the very next view of the dossier."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Municipality
from tests.api_world import API, client_for
from tests.test_department_pages import in_assessment, people, proposed  # noqa: F401  (fixture)
from tests.test_portal_contents_cache import read_twice
from workflow import services
from workflow.letters.services import get_or_create_letter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def contents_cache(settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()


def dossier(user, application) -> str:
    page = Client()
    page.force_login(user)
    return read_twice(page, "department-dossier", application)


def test_the_record_is_read_from_the_cache(people):  # noqa: F811
    application, reviewer = in_assessment(people), people["reviewer"]
    page, url = Client(), reverse("department-dossier", args=[application.pk])
    page.force_login(reviewer)
    page.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert page.get(url).status_code == 200
    read = [q["sql"] for q in queries]
    # (The steps still ask about the user's own declaration.)
    for table in ("workflow_auditevent", "workflow_internalnote", "workflow_applicationversion",
                  "workflow_clarificationrequest", "workflow_decisionproposal", "grants_attachment"):
        assert not any(sql.startswith(f'SELECT "{table}"') for sql in read), table


def test_a_note_on_the_page_and_through_the_api_shows_at_once(people):  # noqa: F811
    application, reviewer = in_assessment(people), people["reviewer"]
    assert "Nog geen notities." in dossier(reviewer, application)
    page = Client()
    page.force_login(reviewer)
    page.post(reverse("department-note", args=[application.pk]), {"text": "Gebeld met de regisseur."})
    assert "Gebeld met de regisseur." in dossier(reviewer, application)
    notes = f"{API}/applications/{application.pk}/notes/"
    assert client_for(reviewer).post(notes, {"text": "Mail gestuurd."}, format="json").status_code == 201
    assert "Mail gestuurd." in dossier(reviewer, application)


def test_a_declaration_on_the_page_and_through_the_api_shows_at_once(people):  # noqa: F811
    application, decider = in_assessment(people), people["decider"]
    shown = dossier(decider, application)
    assert "U verklaarde" not in shown and shown.count("— geen belangenconflict") == 1  # the reviewer's
    page = Client()
    page.force_login(decider)
    page.post(reverse("department-conflict", args=[application.pk]), {"has_conflict": "nee"})
    shown = dossier(decider, application)
    assert "U verklaarde geen belangenconflict te hebben." in shown
    assert shown.count("— geen belangenconflict") == 2
    other = proposed(people, members=("Gent",))
    assert client_for(decider).post(f"{API}/applications/{other.pk}/conflict-declarations/", {
        "has_conflict": True, "explanation": "Mijn broer."}, format="json").status_code == 201
    assert "belangenconflict: Mijn broer." in dossier(decider, other)


def test_a_question_its_answer_through_the_api_and_the_new_version_show_at_once(people):  # noqa: F811
    application, reviewer = in_assessment(people), people["reviewer"]
    assert "Vragen om aanvulling" not in dossier(reviewer, application)
    services.fire(reviewer, application.pk, "request_clarification", {"question": "En het OCMW?"})
    shown = dossier(reviewer, application)
    assert "En het OCMW?" in shown and "Nog niet beantwoord." in shown
    api = client_for(people["member"], token=True)
    assert api.patch(f"{API}/applications/{application.pk}/", {"vision": "Met het OCMW."},
                     format="json").status_code == 200
    assert api.post(f"{API}/applications/{application.pk}/transitions/resubmit/", {"answer": "Zie de visie."},
                    format="json").status_code < 300
    shown = dossier(reviewer, application)
    assert "Zie de visie." in shown and "Versie 2" in shown and "Met het OCMW." in shown


def test_the_letter_shows_at_once(people):  # noqa: F811
    application = proposed(people)
    services.declare_conflict(people["decider"], application.pk, has_conflict=False)
    services.fire(people["decider"], application.pk, "approve_decision")
    assert "Beslissingsbrief downloaden" not in dossier(people["decider"], application)
    get_or_create_letter(application.pk)
    assert "Beslissingsbrief downloaden" in dossier(people["decider"], application)


def test_a_renamed_user_shows_at_once(people, django_capture_on_commit_callbacks):  # noqa: F811
    """The record names the users (the reviewer in the audit trail, seen here by a colleague)."""
    application, reviewer, decider = in_assessment(people), people["reviewer"], people["decider"]
    assert "Nora Peeters" not in dossier(decider, application)
    reviewer.first_name, reviewer.last_name = "Nora", "Peeters"
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.save()
    assert "Nora Peeters" in dossier(decider, application)
    reviewer.save(update_fields=["last_login"])  # a login: the key stays
    assert "Nora Peeters" in dossier(decider, application)


def test_a_change_accepted_in_the_aftercare_shows_at_once(call):
    """An accepted change adds a version, and no audit event, and moves a member: the dossier
    shows the new version and the applicant's overview the members as they are now."""
    from tests import aftercare_world
    from tests.test_aftercare_amendments import fire, report

    world = aftercare_world.granted_world(call, members=("Kuurne",))
    applicant = Client()
    applicant.force_login(world.applicant)
    assert "Versie 2" not in dossier(world.reviewer, world.application)
    assert "Kortrijk, Kuurne" in read_twice(applicant, "application-overview", world.application)
    change = report(world, "uittreding", "01/07/2024", Municipality.objects.get(name="Kuurne"))
    fire(world.reviewer, "wijziging", change.pk, "accept")
    assert "Versie 2" in dossier(world.reviewer, world.application)
    assert "Kortrijk, Kuurne" not in read_twice(applicant, "application-overview", world.application)
