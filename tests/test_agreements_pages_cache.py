"""The agreements' pages show their tables from the cache (grants.contents_cache.call_through_cache,
keyed by monitoring.dashboard.agreements_stamp): the department's municipalities and regiegebieden,
the committee's table per province with its map. Whatever changes them, through a page, the API or
the services they call, shows on the very next page."""

import html
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.agreements import move_member
from grants.models import Application, Municipality, Regiegebied
from grants.roles import Role
from tests import factories
from tests.api_world import API, client_for
from tests.test_api_monitoring import csv_file

pytestmark = pytest.mark.django_db

MONITORING = f"{API}/monitoring"
SIGNED = {"status": "afgesloten", "since": "01/01/2023"}


@pytest.fixture
def cached(call, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()
    return call


@pytest.fixture
def clerk(cached):
    return factories.make_user(Role.DOSSIERBEHANDELAAR)


@pytest.fixture
def committee(cached):
    return factories.make_user(Role.MONITORINGSCOMITE)


def read_twice(user, url: str) -> str:
    """The page's text, read twice: the second comes from the cache."""
    client = client_for(user)
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(page.content.decode()))


def municipalities_page(clerk) -> str:
    return read_twice(clerk, reverse("department-municipalities"))


def row(page: str, anchor: str) -> str:
    """A table row of the municipalities page: ``gemeente-<pk>`` or ``regiegebied-<pk>``."""
    return re.search(rf'<tr id="{anchor}">(.*?)</tr>', page).group(1)


def table_page(committee, call) -> str:
    return read_twice(committee, reverse("monitoring-table", args=[call.code]))


def flanders(page: str) -> tuple[str, str]:
    """The table's last row: municipalities and regiegebieden with an agreement in Flanders (x/y)."""
    cells = re.sub(r"<[^>]+>", " ", page[page.index("<tfoot>"):page.index("</tfoot>")]).split()
    assert cells[0] == "Vlaanderen"
    return cells[1], cells[5]


def submitted(call, lead: str, members: tuple) -> Application:
    applicant = factories.make_applicant(name=f"Regio {lead}", lead=lead)
    application = factories.make_application(call, applicant, members=members)
    Application.objects.filter(pk=application.pk).update(status="ingediend")
    return application


@pytest.mark.parametrize("url_name", ["department-municipalities", "monitoring-table"])
def test_the_tables_are_read_from_the_cache(cached, clerk, committee, url_name):
    reader, args = (clerk, []) if url_name.startswith("department") else (committee, [cached.code])
    client, url = client_for(reader), reverse(url_name, args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = " ".join(q["sql"] for q in queries)
    assert "grants_agreementchange" in read  # the stamp
    assert "grants_municipality" not in read


def test_a_change_recorded_on_the_page_and_through_the_api_shows_at_once(cached, clerk, committee):
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    assert "niets geregistreerd" in row(municipalities_page(clerk), f"gemeente-{kortrijk.pk}")
    assert flanders(table_page(committee, cached))[0].startswith("0/")
    page = client_for(clerk).post(reverse("department-municipality", args=[kortrijk.pk]), SIGNED)
    assert page.status_code == 302
    assert "afgesloten" in row(municipalities_page(clerk), f"gemeente-{kortrijk.pk}")
    table = table_page(committee, cached)
    assert flanders(table)[0].startswith("1/") and "Kortrijk: afgesloten" in table
    response = client_for(clerk, token=True).post(
        f"{MONITORING}/municipalities/{kuurne.pk}/agreement-changes/",
        {"status": "in_onderhandeling", "since": "2023-01-01", "expected_signature": "2099-01-01"},
        format="json")
    assert response.status_code == 201, response.content
    assert "in onderhandeling" in row(municipalities_page(clerk), f"gemeente-{kuurne.pk}")
    assert "Kuurne: in onderhandeling" in table_page(committee, cached)


def test_an_import_on_the_page_and_through_the_api_shows_at_once(cached, clerk, committee):
    header = "soort;code;status;sinds;verwachte ondertekening\n"
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    municipalities_page(clerk), table_page(committee, cached)
    line = f"gemeente;{kortrijk.nis_code};afgesloten;01/03/2021;\n"
    page = client_for(clerk).post(reverse("department-municipalities"), {"file": csv_file(header + line)})
    assert page.status_code == 302
    assert "afgesloten" in row(municipalities_page(clerk), f"gemeente-{kortrijk.pk}")
    assert flanders(table_page(committee, cached))[0].startswith("1/")
    response = client_for(clerk).post(
        f"{MONITORING}/calls/{cached.code}/agreement-imports/",
        {"file": csv_file(f"{header}gemeente;{kuurne.nis_code};afgesloten;01/03/2021;\n")})
    assert response.status_code in (200, 201), response.content
    assert "afgesloten" in row(municipalities_page(clerk), f"gemeente-{kuurne.pk}")
    assert flanders(table_page(committee, cached))[0].startswith("2/")


def test_regiegebieden_formed_and_signed_on_the_page_and_through_the_api_show_at_once(
        cached, clerk, committee):
    first = submitted(cached, "Kortrijk", ("Kortrijk", "Kuurne"))
    assert "Regio Kortrijk" not in municipalities_page(clerk)
    client_for(clerk).post(reverse("department-regiegebieden-form"))
    regiegebied = Regiegebied.objects.get(application=first)
    assert "niets geregistreerd" in row(municipalities_page(clerk), f"regiegebied-{regiegebied.pk}")
    assert flanders(table_page(committee, cached))[1] == "0/1"
    second = submitted(cached, "Gent", ("Gent",))
    assert client_for(clerk).post(f"{MONITORING}/calls/{cached.code}/regiegebieden/").json() == {"formed": 2}
    assert "Regio Gent" in municipalities_page(clerk)
    assert flanders(table_page(committee, cached))[1] == "0/2"
    client_for(clerk).post(reverse("department-regiegebied", args=[regiegebied.pk]), SIGNED)
    assert "afgesloten" in row(municipalities_page(clerk), f"regiegebied-{regiegebied.pk}")
    assert flanders(table_page(committee, cached))[1] == "1/2"
    gent = Regiegebied.objects.get(application=second)
    response = client_for(clerk).post(f"{MONITORING}/regiegebieden/{gent.pk}/agreement-changes/",
                                      {"status": "afgesloten", "since": "2023-01-01"}, format="json")
    assert response.status_code == 201, response.content
    assert "afgesloten" in row(municipalities_page(clerk), f"regiegebied-{gent.pk}")
    assert flanders(table_page(committee, cached))[1] == "2/2"


def test_a_member_leaving_a_regiegebied_shows_in_its_population_at_once(cached, clerk):
    """Guarded by the regiegebieden's latest change: following the members renews it."""
    application = submitted(cached, "Kortrijk", ("Kortrijk", "Kuurne"))
    client_for(clerk).post(reverse("department-regiegebieden-form"))
    regiegebied = Regiegebied.objects.get(application=application)
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    thousands = f"{kortrijk.population + kuurne.population:,}".replace(",", ".")
    assert thousands in row(municipalities_page(clerk), f"regiegebied-{regiegebied.pk}")
    move_member(application, kuurne, date(2024, 1, 1), joins=False)
    shown = row(municipalities_page(clerk), f"regiegebied-{regiegebied.pk}")
    assert thousands not in shown and f"{kortrijk.population:,}".replace(",", ".") in shown


@pytest.mark.django_db(transaction=True)  # the reference stamp is renewed on commit
def test_a_change_to_the_municipalities_shows_at_once(cached, clerk, committee):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    counted = int(flanders(table_page(committee, cached))[0].split("/")[1])
    municipalities_page(clerk)
    kortrijk.name = "Kortrijk-aan-de-Leie"
    kortrijk.save()
    assert "Kortrijk-aan-de-Leie" in row(municipalities_page(clerk), f"gemeente-{kortrijk.pk}")
    kortrijk.valid_until = timezone.localdate() - timedelta(days=1)  # merged, as in 2025
    kortrijk.save()
    assert f'id="gemeente-{kortrijk.pk}"' not in municipalities_page(clerk)
    assert flanders(table_page(committee, cached))[0] == f"0/{counted - 1}"


def test_each_language_has_its_own_tables(cached, clerk, committee):
    client_for(clerk).post(reverse("department-municipality",
                                   args=[Municipality.objects.get(name="Kortrijk").pk]), SIGNED)
    assert "afgesloten" in municipalities_page(clerk)
    for user, url in ((clerk, reverse("department-municipalities")),
                      (committee, reverse("monitoring-table", args=[cached.code]))):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        client.get(url)
        page = client.get(url).content.decode()
        assert "signed" in page and "afgesloten" not in page
