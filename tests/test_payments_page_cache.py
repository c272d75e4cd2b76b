"""The payments page shows its page of tranches and its recoveries from the cache, under the
call's figures' stamp (monitoring.dashboard.figures_stamp) and the query and page asked:
whatever changes a row, on a page or through the API, shows on the very next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Applicant
from tests import aftercare_world as w
from tests.test_aftercare_api import api, as_client
from tests.test_dashboard_figures_cache import world  # noqa: F401  (fixture: the cache on)

pytestmark = pytest.mark.django_db


def payments(user, call, query="") -> str:
    """The page's text, read twice: the second comes from the cache."""
    client, url = as_client(user), reverse("department-payments", args=[call.code]) + query
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page.content.decode())


def tranche_rows(page: str) -> list[str]:
    table = page[page.index("Schijven van de oproep"):page.index('id="recoveries-title"')]
    return re.findall(r"<tr> (<td.*?)</tr>", table)


def test_the_rows_are_read_from_the_cache(world):  # noqa: F811
    client = as_client(world.reviewer)
    url = reverse("department-payments", args=[world.application.call.code]) + "?year=2023"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = [q["sql"] for q in queries]
    for table in ("aftercare_tranche", "aftercare_recovery"):
        assert not any(sql.startswith(f'SELECT "{table}"') for sql in read), table
    assert not any("COUNT(*)" in sql and "aftercare_tranche" in sql for sql in read)  # the paginator's


def test_a_payment_proposed_on_its_page_and_approved_through_the_api_shows_at_once(world):  # noqa: F811
    call, advance = world.application.call, world.tranche(2023, "voorschot")
    approved = "?status=goedgekeurd"
    assert "<h3>0 schijven</h3>" in payments(world.reviewer, call, approved)
    assert "gepland" in tranche_rows(payments(world.reviewer, call, "?year=2023"))[0]
    propose = reverse("department-aftercare-step", args=["schijf", advance.pk, "propose"])
    as_client(world.reviewer).post(propose, {})
    assert "voorgesteld" in tranche_rows(payments(world.reviewer, call, "?year=2023"))[0]
    assert api(world.decider).post(f"/api/v1/tranches/{advance.pk}/steps/approve/", {},
                                   format="json").status_code == 200
    page = payments(world.reviewer, call, approved)
    assert "<h3>1 schijf</h3>" in page and world.application.dossier_number in tranche_rows(page)[0]


def test_a_recovery_proposed_through_the_api_and_decided_on_its_page_shows_at_once(world):  # noqa: F811
    call = world.application.call
    w.pay(world, world.tranche(2023, "voorschot"), on="2023-05-02")
    assert "Geen terugvorderingen." in payments(world.reviewer, call)
    response = api(world.reviewer).post(f"/api/v1/applications/{world.application.pk}/recoveries/", {
        "year": 2023, "reason": "voorwaarde", "amount": "1000.00", "motivation": "Geen regisseur."},
        format="json")
    assert response.status_code == 201, response.json()
    recoveries = payments(world.reviewer, call).split('id="recoveries-title"')[1]
    assert "€ 1.000,00" in recoveries and "voorgesteld" in recoveries
    decide = reverse("department-aftercare-step", args=["terugvordering", response.json()["id"], "decide"])
    assert as_client(world.decider).post(decide, {}).status_code == 302
    assert "beslist" in payments(world.reviewer, call).split('id="recoveries-title"')[1]


def test_a_renamed_applicant_shows_at_once(world):  # noqa: F811
    call = world.application.call
    assert "Regio Leiestreek" in tranche_rows(payments(world.reviewer, call))[0]
    applicant = Applicant.objects.get(pk=world.application.applicant_id)
    applicant.name = "Regio Zuid-West"
    applicant.save()
    assert "Regio Zuid-West" in tranche_rows(payments(world.reviewer, call))[0]
