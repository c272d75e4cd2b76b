"""The department's and the committee's dashboards and the payments page show a call's figures from
the cache (grants.contents_cache.call_through_cache), keyed by monitoring.dashboard.figures_stamp:
whatever changes a figure, through a page or the API, shows on the very next page."""

import html
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.agreements import record_change
from grants.formatting import format_eur
from grants.models import AgreementStatus, Call, Municipality
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories
from tests.test_aftercare_api import api, as_client

pytestmark = pytest.mark.django_db

PAGES = ("department-dashboard", "department-payments", "monitoring-dashboard")


@pytest.fixture
def world(call, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()
    return w.granted_world(call)


def read_twice(user, url_name, call) -> str:
    """The page's text, read twice: the second comes from the cache."""
    client, url = as_client(user), reverse(url_name, args=[call.code])
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(page.content.decode()))


def payments_of(page: str, year: int) -> list[str]:
    """The cells of the year's row in "Betalingen per jaar": budget, committed, approved, paid, …"""
    table = page[page.index("Betalingen per jaar, tegenover het budget"):]
    row = re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', table).group(1)
    return re.findall(r'<td class="num">(.*?)</td>', row)


@pytest.mark.parametrize("url_name", PAGES)
def test_the_figures_are_read_from_the_cache(world, url_name):
    role = Role.MONITORINGSCOMITE if url_name.startswith("monitoring") else Role.BEHEERDER
    user = factories.make_user(role)
    client, url = as_client(user), reverse(url_name, args=[world.application.call.code])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = " ".join(q["sql"] for q in queries)
    assert "aftercare_aftercareevent" in read  # the stamp
    assert not any(table in read for table in ("workflow_decisionproposal", "grants_budgetline",
                                               "grants_applicationmunicipality"))


def test_a_payment_proposed_on_its_page_and_approved_through_the_api_shows_at_once(world):
    """Guarded by the count of aftercare events: a tranche's step changes no application."""
    call, advance = world.application.call, world.tranche(2023, "voorschot")
    for url_name in PAGES[:2]:
        assert payments_of(read_twice(world.reviewer, url_name, call), 2023)[2] == format_eur(0)
    propose = reverse("department-aftercare-step", args=["schijf", advance.pk, "propose"])
    as_client(world.reviewer).post(propose, {})
    assert api(world.decider).post(f"/api/v1/tranches/{advance.pk}/steps/approve/", {},
                                   format="json").status_code == 200
    for url_name in PAGES[:2]:
        assert payments_of(read_twice(world.reviewer, url_name, call), 2023)[2] == format_eur(advance.amount)


def test_an_application_submitted_through_the_api_shows_at_once_on_both_dashboards(world):
    """Guarded by the applications' latest change and the audit events."""
    call = world.application.call
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() + timedelta(days=1))
    applicant = factories.make_applicant(name="Stad Gent", lead="Gent")
    user = factories.make_user(organisation=applicant)
    draft = factories.make_application(call, applicant, members=("Gent",), user=user)
    committee = factories.make_user(Role.MONITORINGSCOMITE)
    assert "Oost-Vlaanderen 0/" in read_twice(committee, "monitoring-dashboard", call)
    assert "Oost-Vlaanderen 0/" in read_twice(world.reviewer, "department-dashboard", call)
    response = api(user).post(f"/api/v1/applications/{draft.pk}/transitions/submit/",
                              {"declaration": True}, format="json")
    assert response.status_code == 200, response.json()
    assert "Oost-Vlaanderen 1/" in read_twice(committee, "monitoring-dashboard", call)
    assert "Oost-Vlaanderen 1/" in read_twice(world.reviewer, "department-dashboard", call)


def test_an_agreement_recorded_shows_at_once(world):
    """Guarded by the count of agreement changes (and the reference stamp, which recording renews too)."""
    call, gent = world.application.call, Municipality.objects.get(name="Gent")
    before = read_twice(world.reviewer, "department-dashboard", call)
    record_change(world.reviewer, status=AgreementStatus.AFGESLOTEN, since=date(2023, 1, 1),
                  municipality_id=gent.pk)
    after = read_twice(world.reviewer, "department-dashboard", call)
    assert before != after  # the VDAB column of the coverage
