"""The monitoring pages' actions through the API, with the pages' own services and rules: the
department records agreement changes (403 for anyone else before a word about the input, 404
for an unknown municipality or regiegebied, a Dutch 400 for bad input, the change recorded with
who made it), imports a file all or nothing, forms the regiegebieden; the department and the
committee read the statuses on a day, the dashboard and the aggregates (404 for anyone else)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.agreements_2022 import agreements_csv, make_regiegebieden
from grants.models import AgreementChange, Application, Municipality, Regiegebied
from grants.roles import Role
from monitoring.aggregates import call_aggregates
from monitoring.dashboard import call_dashboard
from tests import factories
from tests.api_world import API, assert_error, client_for
from tests.test_api_queries import queries_for
from tests.test_monitoring_aggregates import random_plans

pytestmark = pytest.mark.django_db
MONITORING = f"{API}/monitoring"
HEADER = "soort;code;status;sinds;verwachte ondertekening\n"


@pytest.fixture
def clerk(call):
    return factories.make_user(Role.DOSSIERBEHANDELAAR)


@pytest.fixture
def committee(call):
    return factories.make_user(Role.MONITORINGSCOMITE)


@pytest.fixture
def applicant(call):
    return factories.make_user(Role.AANVRAGER)


def changes_of(kind: str, pk: int) -> str:
    return f"{MONITORING}/{kind}/{pk}/agreement-changes/"


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("so.csv", text.encode("utf-8"), content_type="text/csv")


def states(client, path: str, **query) -> dict:
    response = client.get(path, query)
    assert response.status_code == 200, response.content
    return {row["name"]: row for row in response.json()}


# One change, and the history ---------------------------------------------------------------

def test_only_the_department_records_a_change_and_the_refusal_comes_before_the_input(
        clerk, committee, applicant):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    for user in (applicant, committee):
        for body in ({"status": "getekend"}, {"status": "afgesloten", "since": "2022-03-01"}):
            response = client_for(user).post(changes_of("municipalities", kortrijk.pk), body, format="json")
            assert "departement" in assert_error(response, 403)["message"]
        assert_error(client_for(user).get(changes_of("municipalities", kortrijk.pk)), 403)
    assert_error(client_for(clerk).post(changes_of("municipalities", 999999), {"status": "getekend"},
                                        format="json"), 404)
    assert_error(client_for(clerk).post(changes_of("regiegebieden", 999999), {}, format="json"), 404)
    assert not AgreementChange.objects.exists()


def test_bad_input_is_a_dutch_400_and_changes_nothing(clerk):
    url, api = changes_of("municipalities", Municipality.objects.get(name="Kortrijk").pk), client_for(clerk)
    signed_and_expected = {"status": "afgesloten", "since": "01/03/2022", "expected_signature": "01/06/2022"}
    error = assert_error(api.post(url, signed_and_expected, format="json"), 400)
    assert "geen verwachte ondertekening" in error["message"]
    fields = assert_error(api.post(url, {"status": "getekend", "since": "31/02/2022"}, format="json"),
                          400)["fields"]
    assert "getekend" in fields["status"][0] and "dd/mm/jjjj" in fields["since"][0]
    assert "Vul de datum in" in assert_error(api.post(url, {"status": "afgesloten"}, format="json"),
                                             400)["fields"]["since"][0]
    assert not AgreementChange.objects.exists()


def test_the_department_records_changes_and_reads_them_as_the_page_shows_them(clerk, committee):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    url, api = changes_of("municipalities", kortrijk.pk), client_for(clerk, token=True)
    first = api.post(url, {"status": "in_onderhandeling", "since": "01/02/2022",
                           "expected_signature": "2022-06-30"}, format="json")
    assert first.status_code == 201, first.content
    assert api.post(url, {"status": "afgesloten", "since": "2022-06-15"}, format="json").status_code == 201
    assert set(AgreementChange.objects.values_list("recorded_by__username", flat=True)) == {clerk.username}
    history = api.get(url).json()
    assert [(c["status"], c["since"], c["recorded_by"]) for c in history] == [
        ("afgesloten", "2022-06-15", clerk.username), ("in_onderhandeling", "2022-02-01", clerk.username)]
    reader = client_for(committee)
    before = states(reader, f"{MONITORING}/municipalities/", reference_date="2022-03-01")["Kortrijk"]
    assert (before["agreement_status"], before["expected_signature"]) == ("in_onderhandeling", "2022-06-30")
    after = states(reader, f"{MONITORING}/municipalities/", reference_date="17/10/2022")
    assert after["Kortrijk"]["agreement_status"] == "afgesloten"
    assert after["Kuurne"]["agreement_status"] is None
    assert len(after) == 300
    assert_error(reader.get(f"{MONITORING}/municipalities/", {"reference_date": "gisteren"}), 400)


# Regiegebieden -----------------------------------------------------------------------------

def test_the_department_forms_the_regiegebieden_and_records_their_agreements(
        call, clerk, committee, applicant):
    submitted = factories.make_application(call=call, members=("Kortrijk", "Kuurne", "Harelbeke"))
    Application.objects.filter(pk=submitted.pk).update(status="ingediend")
    url = f"{MONITORING}/calls/{call.code}/regiegebieden/"
    assert_error(client_for(committee).post(url), 403)
    assert_error(client_for(clerk).post(f"{MONITORING}/calls/onbekend/regiegebieden/"), 404)
    assert not Regiegebied.objects.exists()
    assert client_for(clerk).post(url).json() == {"formed": 1}
    regiegebied = Regiegebied.objects.get()
    change = client_for(clerk).post(changes_of("regiegebieden", regiegebied.pk), {
        "status": "afgesloten", "since": "2023-03-01"}, format="json")
    assert change.status_code == 201, change.content
    listed = states(client_for(committee), url, reference_date="2023-06-01")[submitted.applicant.name]
    assert listed["province"] == "West-Vlaanderen" and listed["agreement_status"] == "afgesloten"
    assert listed["municipalities"] == sorted(m.nis_code for m in factories.municipalities(
        "Kortrijk", "Kuurne", "Harelbeke"))
    assert listed["population"] == sum(m.population for m in regiegebied.municipalities.all())
    assert states(client_for(committee), url, reference_date="2023-01-01")[submitted.applicant.name][
        "agreement_status"] is None
    assert_error(client_for(applicant).get(url), 404)
    assert_error(client_for(applicant).get(f"{MONITORING}/municipalities/"), 404)


def test_an_incremental_read_lists_only_what_changed_since(call, clerk):
    make_regiegebieden(call)
    gent = Regiegebied.objects.filter(province__name="Oost-Vlaanderen").first()
    later = timezone.now() + timedelta(days=1)
    with time_machine.travel(later + timedelta(hours=1)):
        client_for(clerk).post(changes_of("municipalities", Municipality.objects.get(name="Kortrijk").pk),
                               {"status": "afgesloten", "since": "2023-01-01"}, format="json")
        client_for(clerk).post(changes_of("regiegebieden", gent.pk), {"status": "afgesloten",
                                                                      "since": "2023-01-01"}, format="json")
    since = {"updated_since": later.isoformat()}
    api = client_for(clerk)
    assert list(states(api, f"{MONITORING}/municipalities/", **since)) == ["Kortrijk"]
    regiegebieden = f"{MONITORING}/calls/{call.code}/regiegebieden/"
    assert list(states(api, regiegebieden, **since)) == [gent.name]
    assert len(states(api, regiegebieden)) == Regiegebied.objects.count() > 1
    assert len(api.get(changes_of("regiegebieden", gent.pk), since).json()) == 1


def test_forming_again_moves_a_regiegebied_only_when_its_members_change(call, clerk):
    application = factories.make_application(call=call, members=("Kortrijk", "Kuurne"))
    Application.objects.filter(pk=application.pk).update(status="ingediend")
    url = f"{MONITORING}/calls/{call.code}/regiegebieden/"
    client_for(clerk).post(url)
    later = timezone.now() + timedelta(days=1)
    since = {"updated_since": later.isoformat()}
    with time_machine.travel(later + timedelta(hours=1)):
        client_for(clerk).post(url)
    assert states(client_for(clerk), url, **since) == {}
    factories.add_members(application, ["Harelbeke"])
    with time_machine.travel(later + timedelta(hours=2)):
        client_for(clerk).post(url)
    assert len(states(client_for(clerk), url, **since)[application.applicant.name]["municipalities"]) == 3


# The import --------------------------------------------------------------------------------

def test_an_import_is_all_or_nothing_with_an_error_per_line(call, clerk, committee):
    url = f"{MONITORING}/calls/{call.code}/agreement-imports/"
    assert_error(client_for(committee).post(url, {"file": "geen bestand"}, format="json"), 403)
    assert_error(client_for(clerk).post(url, {"file": "x"}, format="json"), 415)
    assert "Kies een bestand" in assert_error(client_for(clerk).post(url, {}, format="multipart"),
                                              400)["fields"]["file"][0]
    bad = csv_file(HEADER + "gemeente;34022;afgesloten;01/03/2021;\n"
                            "gemeente;12345;afgesloten;01/03/2021;\n"
                            "gemeente;34022;getekend;1 maart;\n")
    error = assert_error(client_for(clerk).post(url, {"file": bad}, format="multipart"), 400)
    assert "niets veranderd" in error["message"]
    assert [line.split(":")[0] for line in error["fields"]["file"]] == ["Regel 3", "Regel 4"]
    assert "12345" in error["fields"]["file"][0] and "getekend" in error["fields"]["file"][1]
    stray_quote = csv_file(HEADER + 'gemeente;"34022;afgesloten;01/03/2021;' + "x" * 200_000 + "\n")
    error = assert_error(client_for(clerk).post(url, {"file": stray_quote}, format="multipart"), 400)
    assert "aanhalingstekens" in error["fields"]["file"][0]
    assert not AgreementChange.objects.exists()
    good = client_for(clerk).post(url, {"file": csv_file(agreements_csv(regiegebieden=False))},
                                  format="multipart")
    assert good.status_code == 201, good.content
    assert good.json()["recorded"] == AgreementChange.objects.filter(recorded_by=clerk).count() > 200
    signed = states(client_for(committee), f"{MONITORING}/municipalities/", reference_date="2022-10-17")
    assert sum(row["agreement_status"] == "afgesloten" for row in signed.values()) == 200


# The figures -------------------------------------------------------------------------------

def test_the_dashboard_and_the_aggregates_are_the_pages_figures(call, clerk, committee, applicant, client):
    random_plans(call, seed=18)
    board, aggregates = call_dashboard(call), call_aggregates(call)
    for user in (clerk, committee):
        body = client_for(user).get(f"{MONITORING}/calls/{call.code}/dashboard/").json()
        assert body["applications"] == board.applications == Application.objects.filter(call=call).count()
        assert {s["status"]: s["count"] for s in body["states"]} == {s: n for s, _label, n in board.states}
        assert body["flanders"]["total"] == 300
        assert [(p["name"], p["submitted"], p["granted"]) for p in body["provinces"]] == [
            (p.name, p.submitted, p.granted) for p in board.provinces]
        assert [m["year"] for m in body["money"]] == call.years
        assert [m["requested"] for m in body["money"]] == [f"{m.requested:.2f}" for m in board.money]
        assert len(body["uncovered"]) == len(board.uncovered)
        figures = client_for(user).get(f"{MONITORING}/calls/{call.code}/aggregates/").json()
        assert [(r["name"], r["applications"], r["actions"]) for r in figures["priorities"]] == [
            (r.name, r.applications, r.actions) for r in aggregates.priorities]
        assert [(r["name"], r["actions"]) for r in figures["target_groups"]] == [
            (r.name, r.actions) for r in aggregates.target_groups]
        assert [r["requested"] for r in figures["provinces"]] == [
            f"{r.requested:.2f}" for r in aggregates.provinces]
        planned = {(r.name, t.unit): {y: f"{v:.2f}" for y, v in t.planned.items()}
                   for r in aggregates.priorities for t in r.targets}
        assert {(r["name"], t["unit"]): {y["year"]: y["planned"] for y in t["per_year"]}
                for r in figures["priorities"] for t in r["targets"]} == planned
    for path in ("dashboard", "aggregates", "cooperation-agreements", "regiegebieden"):
        assert_error(client_for(applicant).get(f"{MONITORING}/calls/{call.code}/{path}/"), 404)
        assert_error(client.get(f"{MONITORING}/calls/{call.code}/{path}/"), 401)
    assert_error(client_for(committee).get(f"{MONITORING}/calls/onbekend/dashboard/"), 404)


def test_the_lists_run_as_many_queries_for_ten_rows_as_for_a_hundred(call, clerk):
    municipalities = list(Municipality.objects.order_by("nis_code"))
    kortrijk, api = municipalities[0], client_for(clerk)
    urls = [f"{MONITORING}/calls/{call.code}/regiegebieden/", changes_of("municipalities", kortrijk.pk),
            f"{MONITORING}/municipalities/"]

    def make(n):
        start = Regiegebied.objects.count()
        for index in range(start, start + n):
            regiegebied = Regiegebied.objects.create(call=call, name=f"Gebied {index}",
                                                     province=kortrijk.province)
            regiegebied.municipalities.set(municipalities[index:index + 2])
            AgreementChange.objects.create(regiegebied=regiegebied, status="afgesloten", since="2023-01-01")
            AgreementChange.objects.create(municipality=kortrijk, status="afgesloten", since="2023-01-01")
        return [queries_for(api, url) for url in urls]

    assert make(10) == make(90)
    assert len(api.get(urls[0]).json()) == len(api.get(urls[1]).json()) == 100
