"""The monitoring committee reads the monitoring and nothing else: every dossier and every
write answers 404, as if it did not exist."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grants.models import AgreementChange, Application, Municipality
from grants.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

# Pages of the portal that are no dossier and no write: the home page, the population helper
# of the start form (a sum over public reference data), and every user's own API tokens (a
# committee member's software reads the monitoring API with one; its role still forbids writes).
NOT_A_DOSSIER = {"home", "population-total", "tokens", "token-revoke"}


@pytest.fixture
def member(client, call):
    user = factories.make_user(Role.MONITORINGSCOMITE)
    client.force_login(user)
    return user


@pytest.fixture
def dossier(call):
    application = factories.make_application(call=call)
    factories.complete_application(application)
    Application.objects.filter(pk=application.pk).update(status="ingediend", dossier_number="LR-2023-001")
    return Application.objects.get(pk=application.pk)


def _patterns(module: str):
    resolver = next(r for r in get_resolver().url_patterns
                    if isinstance(r, URLResolver) and getattr(r.urlconf_module, "__name__", "") == module)
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def _kwargs(pattern: URLPattern, dossier) -> dict:
    values = {"pk": dossier.pk, "call_code": dossier.call.code, "step_name": "declare_admissible",
              "fmt": "csv", "number": 1}
    return {name: values.get(name, 1) for name in pattern.pattern.converters}


@pytest.mark.parametrize("module", ["pages.department.urls", "pages.portal.urls"])
def test_every_dossier_page_and_write_is_a_404_for_the_committee(client, member, dossier, module):
    checked = 0
    for pattern in _patterns(module):
        if pattern.name in NOT_A_DOSSIER:
            continue
        url = reverse(pattern.name, kwargs=_kwargs(pattern, dossier))
        for method in (client.get, client.post):
            assert method(url).status_code == 404, f"{method.__name__.upper()} {url}"
        checked += 1
    assert checked >= 15
    assert not AgreementChange.objects.exists()
    dossier.refresh_from_db()
    assert dossier.status == "ingediend"


def test_the_api_hides_every_dossier_and_write(client, member, dossier):
    assert client.get(reverse("api-application-list")).json()["results"] == []
    for name in ("api-application-detail", "api-transitions", "api-audit", "api-letter"):
        assert client.get(reverse(name, args=[dossier.pk])).status_code == 404, name
    for name in ("api-actions", "api-budget-lines"):
        assert client.post(reverse(name, args=[dossier.pk]), {}, content_type="application/json"
                           ).status_code == 404, name
    fire = reverse("api-transition-fire", args=[dossier.pk, "declare_admissible"])
    assert client.post(fire, {}, content_type="application/json").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == "ingediend"


def test_the_committee_opens_the_monitoring_pages(client, member, dossier):
    call = dossier.call
    assert client.get(reverse("monitoring-home")).url == reverse("monitoring-dashboard", args=[call.code])
    for kind in ("dekking", "so", "regiegebied"):
        page = client.get(reverse("monitoring-dashboard", args=[call.code]), {"kaart": kind})
        assert page.status_code == 200
        assert page.content.decode().count('</title></path>') == 300  # one shape per municipality
    dashboard = client.get(reverse("monitoring-dashboard", args=[call.code])).content.decode()
    assert "Kortrijk: in een ingediende aanvraag" in dashboard  # the dossier's members on the map
    assert "An Peeters" not in dashboard and "BE71" not in dashboard  # no personal data
    assert dossier.dossier_number not in dashboard  # no dossier
    for url in (reverse("monitoring-table", args=[call.code]),
                reverse("monitoring-table-export", args=[call.code, "pdf"]),
                reverse("monitoring-table-export", args=[call.code, "xlsx"])):
        assert client.get(url).status_code == 200, url
    assert "Monitoring" in client.get(reverse("home")).content.decode()  # in the header


@pytest.mark.parametrize("role", [Role.AANVRAGER, None])
def test_the_monitoring_does_not_exist_for_others(client, call, role):
    if role:
        client.force_login(factories.make_user(role))
    response = client.get(reverse("monitoring-dashboard", args=[call.code]))
    assert response.status_code == 404 if role else response.status_code == 302


def test_a_bad_date_on_the_table_is_explained(client, member, call):
    page = client.get(reverse("monitoring-table", args=[call.code]), {"peildatum": "31/02/2022"})
    assert "Geef een datum als dd/mm/jjjj." in page.content.decode()
    Municipality.objects.get(name="Kortrijk")


def test_a_new_agreement_shows_at_once_on_the_kept_maps_from_the_page_and_from_the_api(client, member, call):
    """The map's HTML is kept per process (monitoring.flanders_map.as_html), keyed by what it
    draws: a change recorded on the department's page or through the API is on the next map."""
    from django.test import Client
    from django.utils import timezone

    from tests.api_world import API, client_for

    table = reverse("monitoring-table", args=[call.code])
    dashboard = reverse("monitoring-dashboard", args=[call.code])

    def maps() -> list[str]:
        return [client.get(table).content.decode(), client.get(dashboard, {"kaart": "so"}).content.decode()]

    assert all("Kortrijk: niets geregistreerd" in page and "Kuurne: niets geregistreerd" in page
               for page in maps())
    clerk, today = factories.make_user(Role.DOSSIERBEHANDELAAR), timezone.localdate()
    department = Client()
    department.force_login(clerk)
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    page = department.post(reverse("department-municipality", args=[kortrijk.pk]),
                           {"status": "afgesloten", "since": today.strftime("%d/%m/%Y")})
    assert page.status_code == 302
    assert all("Kortrijk: afgesloten" in page and "Kuurne: niets geregistreerd" in page for page in maps())
    api = client_for(clerk, token=True)
    response = api.post(f"{API}/monitoring/municipalities/{kuurne.pk}/agreement-changes/",
                        {"status": "in_onderhandeling", "since": today.isoformat()}, format="json")
    assert response.status_code == 201, response.content
    assert all("Kortrijk: afgesloten" in page and "Kuurne: in onderhandeling" in page for page in maps())


def test_the_kept_figures_show_a_new_agreement_from_the_page_and_from_the_api_at_once(client, member, call):
    """The tables under the map are kept rendered (grants.fragments.kept), keyed by every figure
    they show: an agreement signed on the department's page or through the API is in the next
    dashboard's coverage table."""
    from django.test import Client
    from django.utils import timezone

    from tests.api_world import API, client_for

    dashboard = reverse("monitoring-dashboard", args=[call.code])

    def flanders_vdab() -> str:
        page = client.get(dashboard).content.decode()
        return page[page.index("<tfoot>"):page.index("</tfoot>")].split("<td>")[3]

    assert flanders_vdab().startswith("Vlaanderen 0/")
    clerk, today = factories.make_user(Role.DOSSIERBEHANDELAAR), timezone.localdate()
    department = Client()
    department.force_login(clerk)
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    page = department.post(reverse("department-municipality", args=[kortrijk.pk]),
                           {"status": "afgesloten", "since": today.strftime("%d/%m/%Y")})
    assert page.status_code == 302
    assert flanders_vdab().startswith("Vlaanderen 1/")
    response = client_for(clerk, token=True).post(
        f"{API}/monitoring/municipalities/{kuurne.pk}/agreement-changes/",
        {"status": "afgesloten", "since": today.isoformat()}, format="json")
    assert response.status_code == 201, response.content
    assert flanders_vdab().startswith("Vlaanderen 2/")
