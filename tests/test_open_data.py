"""The granted subsidies as open data: public, CSV and JSON from the same records, every
field described, no personal data, nothing of a refused or undecided application."""

import csv
import io

import pytest
from django.urls import reverse

from grants.models import Call
from grants.rehearsal import copy_call_as_rehearsal
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(call):
    granted = factories.decide(factories.make_application(call=call, members=("Kortrijk", "Kuurne")))
    partial = factories.decide(factories.make_application(call=call, members=("Gent",)),
                               outcome="gedeeltelijke_toekenning")
    factories.decide(factories.make_application(call=call, members=("Brugge",)), outcome="weigering")
    factories.make_application(call=call, members=("Leuven",))  # a draft
    return granted, partial


def test_anyone_reads_the_granted_subsidies_as_json_and_csv(client, call, decided):
    granted, partial = decided
    body = client.get(reverse("open-data-download", args=[call.code, "json"])).json()
    records = {r["dossiernummer"]: r for r in body["subsidies"]}
    assert set(records) == {granted.dossier_number, partial.dossier_number}
    record = records[granted.dossier_number]
    assert [m["naam"] for m in record["gemeenten"]] == ["Kortrijk", "Kuurne"]
    assert record["bedragen_per_jaar"] == {"2023": "50000.00", "2024": "50000.00", "2025": "50000.00"}
    assert record["totaal"] == "150000.00" and record["beslissing"] == "toekenning"
    assert record["beslissingsdatum"] == call.decision_expected.isoformat()
    assert records[partial.dossier_number]["totaal"] == "75000.00"
    assert set(body["velden"]) == set(record)  # every field described

    rows = list(csv.DictReader(io.StringIO(
        client.get(reverse("open-data-download", args=[call.code, "csv"])).content.decode())))
    assert {r["dossiernummer"]: r["totaal"] for r in rows} == {
        granted.dossier_number: "150000.00", partial.dossier_number: "75000.00"}
    assert rows[0]["bedrag_2024"] and "34022 Kortrijk" in {r["gemeenten"].split(",")[0] for r in rows}

    everything = str(body) + str(rows)
    for personal in ("An Peeters", "an.peeters@example.be", "Jan Janssens", "BE71096123456769"):
        assert personal not in everything  # contact, director, IBAN: never published
    page = client.get(reverse("open-data", args=[call.code])).content.decode()
    assert "beslissingsdatum" in page and "geen persoonsgegevens" in page


def test_a_rehearsal_publishes_nothing(client, call):
    rehearsal = copy_call_as_rehearsal(call, days_left=14)
    assert Call.objects.get(pk=rehearsal.pk).is_rehearsal
    assert client.get(reverse("open-data", args=[rehearsal.code])).status_code == 404
    assert client.get(reverse("open-data-download", args=[rehearsal.code, "json"])).status_code == 404
