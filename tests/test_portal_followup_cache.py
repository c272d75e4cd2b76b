"""The applicant's follow-up page of a decided dossier and its aftercare overview show their
record of the dossier from the cache (grants.contents_cache), keyed by counts of the events
every write adds: whatever changes it, through a page or the API (reports, payments, changes,
appeals and the later decisions they end in, the decision letter), shows on the very next page."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftercare import services
from grants.formatting import format_eur
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories
from tests.test_aftercare_api import api, report_body
from tests.test_aftercare_api import as_client as as_user
from tests.test_portal_contents_cache import read_twice
from workflow.letters.services import get_or_create_letter
from workflow.services import grant_extension

pytestmark = pytest.mark.django_db

LETTER = "Beslissingsbrief downloaden"


@pytest.fixture
def world(call, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()
    return w.granted_world(call)


def both_pages(client, world) -> tuple[str, str]:
    return (read_twice(client, "portal-status", world.application),
            read_twice(client, "portal-aftercare", world.application))


def year_row(status_page: str, year: int) -> str:
    """The status page's row of the aftercare table for the year."""
    aftercare = status_page[status_page.index('aria-labelledby="aftercare-title"'):]
    return re.search(rf'<th scope="row">{year}</th>.*?</tr>', aftercare).group(0)


@pytest.mark.parametrize("url_name", ["portal-status", "portal-aftercare"])
def test_the_record_of_the_dossier_is_read_from_the_cache(world, url_name):
    page, url = as_user(world.applicant), reverse(url_name, args=[world.application.pk])
    page.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert page.get(url).status_code == 200
    read = " ".join(q["sql"] for q in queries)
    assert "grants_application" in read  # with the counts its key names
    assert not any(table in read for table in ("aftercare_tranche", "aftercare_yearlyreport",
                                               "workflow_decisionproposal", "workflow_clarificationrequest"))
    # From the cache it is still HTML, not escaped text.
    assert '<section class="card" aria-labelledby="' in page.get(url).content.decode()


def test_a_report_saved_on_its_page_and_submitted_through_the_api_shows_at_once(world):
    page = as_user(world.applicant)
    status, overview = both_pages(page, world)
    assert "nog niet begonnen" in year_row(status, 2023) and "concept" not in overview
    page.post(reverse("portal-report", args=[world.application.pk, 2023]),
              {**w.full_report_data(world), "action": "save"})
    status, overview = both_pages(page, world)
    assert "concept" in year_row(status, 2023) and "concept" in overview
    report = world.report()
    assert api(world.applicant).post(f"/api/v1/reports/{report.pk}/steps/submit/", {"declaration": True},
                                     format="json").status_code == 200
    status, overview = both_pages(page, world)
    assert "ingediend" in year_row(status, 2023) and "Jaarverslag 2023 bekijken" in overview


def test_a_report_saved_through_the_api_shows_at_once(world):
    page = as_user(world.applicant)
    assert "concept" not in both_pages(page, world)[1]
    url = f"/api/v1/applications/{world.application.pk}/reports/2023/"
    assert api(world.applicant).put(url, report_body(world), format="json").status_code == 200
    status, overview = both_pages(page, world)
    assert "concept" in year_row(status, 2023) and "concept" in overview


def test_a_payment_on_the_department_page_and_through_the_api_shows_at_once(world):
    page, advance = as_user(world.applicant), world.tranche(2023, "voorschot")
    status, overview = both_pages(page, world)
    assert "€ 0,00" in year_row(status, 2023) and "ter goedkeuring" not in overview
    as_user(world.reviewer).post(reverse("department-aftercare-step", args=["schijf", advance.pk, "propose"]))
    as_user(world.decider).post(reverse("department-aftercare-step", args=["schijf", advance.pk, "approve"]))
    assert "goedgekeurd" in both_pages(page, world)[1]
    assert api(world.reviewer).post(f"/api/v1/tranches/{advance.pk}/steps/mark_paid/",
                                    {"paid_on": "2024-06-03", "reference": "BET-2024-17"},
                                    format="json").status_code == 200
    status, overview = both_pages(page, world)
    assert format_eur(advance.amount) in year_row(status, 2023) and "03/06/2024 (BET-2024-17)" in overview


def test_a_recovery_shows_once_decided_whoever_decides_it(world):
    page = as_user(world.applicant)
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    recovery = services.propose_recovery(world.reviewer, world.application.pk, {
        "year": "2023", "reason": "voorwaarde", "amount": "1.000,00", "motivation": "Niet voldaan."})
    assert "Terugvorderingen" not in both_pages(page, world)[1]
    assert api(world.decider).post(f"/api/v1/recoveries/{recovery.pk}/steps/decide/", {},
                                   format="json").status_code == 200
    assert "Terugvorderingen" in both_pages(page, world)[1]


def test_a_change_reported_on_its_page_and_withdrawn_through_the_api_shows_at_once(world):
    page = as_user(world.applicant)
    assert "(gemeld)" not in both_pages(page, world)[1]
    page.post(reverse("portal-amendments", args=[world.application.pk]), {
        "action": "change", "change-kind": "regisseur", "change-effective_on": "01/03/2024",
        "change-description": "Nieuwe regisseur.", "change-director_name": "An Peeters",
        "change-director_email": "an@example.be"})
    assert "(gemeld)" in both_pages(page, world)[1]
    change = world.application.plan_changes.get()
    assert api(world.applicant).post(f"/api/v1/changes/{change.pk}/steps/withdraw/", {},
                                     format="json").status_code == 200
    assert "Melding intrekken" in both_pages(page, world)[1]


def test_a_later_decision_after_an_appeal_shows_its_amounts_at_once(world):
    get_or_create_letter(world.application.pk)  # the reconsideration's term runs from the letter
    page = as_user(world.applicant)
    status, overview = both_pages(page, world)
    assert "€ 55.000,00" not in year_row(status, 2025) and "€ 55.000,00" not in overview
    page.post(reverse("portal-amendments", args=[world.application.pk]),
              {"action": "appeal", "appeal-grounds": "Het bedrag is te laag."})
    appeal = world.application.appeals.get()
    amounts = {"2023": "50000.00", "2024": "50000.00", "2025": "55000.00"}
    steps = f"/api/v1/appeals/{appeal.pk}/steps"
    proposed = api(world.reviewer).post(f"{steps}/propose/", {"amounts": amounts, "motivation": "Verhoogd."},
                                        format="json")
    decided = api(world.decider).post(f"{steps}/decide/", {"signer_function": "secretaris-generaal"},
                                      format="json")
    assert proposed.status_code == decided.status_code == 200
    status, overview = both_pages(page, world)
    assert "€ 55.000,00" in year_row(status, 2025) and "€ 55.000,00" in overview


def test_the_decision_letter_shows_once_the_worker_has_made_it(world):
    page = as_user(world.applicant)
    assert LETTER not in both_pages(page, world)[0]
    get_or_create_letter(world.application.pk)  # no event: the page's query asks for the letter itself
    assert LETTER in both_pages(page, world)[0]


def test_each_language_has_its_own_record(world):
    page = as_user(world.applicant)
    assert "nog niet begonnen" in both_pages(page, world)[0]
    page.cookies["django_language"] = "en"
    status, overview = both_pages(page, world)
    assert "nog niet begonnen" not in status and "nog niet begonnen" not in overview


def test_an_extension_granted_without_a_change_of_status_shows_in_the_history_at_once(call, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    draft = factories.make_application(call)
    page = as_user(factories.make_user(Role.AANVRAGER, organisation=draft.applicant))
    assert "Overstroming" not in read_twice(page, "portal-status", draft)
    until = call.deadline + timedelta(days=5)
    grant_extension(factories.make_user(Role.BEHEERDER), draft.pk, until, "Overstroming van het gemeentehuis")
    assert "Overstroming" in read_twice(page, "portal-status", draft)
