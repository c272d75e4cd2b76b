"""The department's exports open in a spreadsheet as what they are: dates as dates in Brussels
time, amounts as euro numbers, the granted amounts and the decision date beside the request,
a named sheet; and no text, whoever typed it, is ever run as a formula."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import Applicant, Province
from grants.roles import Role
from tests import factories
from tests.lifecycle import BRUSSELS

pytestmark = pytest.mark.django_db

GRANTED = {2023: Decimal("25000.00"), 2024: Decimal("30000.50"), 2025: Decimal("0.00")}


@pytest.fixture
def decided(call):
    application = factories.decide(factories.make_application(call=call), "gedeeltelijke_toekenning",
                                   amounts=GRANTED)
    Applicant.objects.filter(pk=application.applicant_id).update(name='=HYPERLINK("http://x.example")')
    Province.objects.filter(municipalities__name="Kortrijk").update(name="@SUM(1+1)")
    return application


def export(client, call, kind, fmt):
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    return client.get(reverse(f"department-{kind}-export", args=[call.code, fmt]))


def test_the_xlsx_list_has_dates_amounts_and_the_decision(client, call, decided):
    sheet = load_workbook(io.BytesIO(export(client, call, "list", "xlsx").content)).active
    assert sheet.title == "Aanvragen"
    header, row = ([c for c in r] for r in sheet.iter_rows(max_row=2))
    columns = {cell.value: row[i] for i, cell in enumerate(header)}
    submitted = columns["Ingediend op"]
    assert isinstance(submitted.value, datetime) and submitted.number_format == "dd/mm/yyyy hh:mm"
    assert submitted.value == decided.submitted_at.astimezone(BRUSSELS).replace(tzinfo=None)
    assert columns["Gevraagde subsidie (€)"].value == 150000
    assert "€" in columns["Gevraagde subsidie (€)"].number_format
    assert [columns[f"Toegekend {y} (€)"].value for y in GRANTED] == [25000, 30000.5, 0]
    decision = columns["Beslist op"]
    assert decision.value.date() == call.decision_expected and decision.number_format == "dd/mm/yyyy hh:mm"
    assert columns["Aanvrager"].value == "'=HYPERLINK(\"http://x.example\")"
    assert columns["Provincie"].value == "'@SUM(1+1)"


def test_the_csv_list_reads_as_belgian_text_and_never_as_a_formula(client, call, decided):
    content = export(client, call, "list", "csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(content), delimiter=";"))
    columns = dict(zip(header, row, strict=True))
    assert columns["Aanvrager"] == "'=HYPERLINK(\"http://x.example\")"
    assert columns["Provincie"] == "'@SUM(1+1)"
    assert columns["Toegekend 2024 (€)"] == "30000,50" and columns["Beslist op"].endswith("10:00")
    assert columns["Ingediend op"][2] == "/" and columns["Ingediend op"][5] == "/"


def test_the_dashboard_sheet_is_named_and_its_money_is_in_euro(client, call, decided):
    sheet = load_workbook(io.BytesIO(export(client, call, "dashboard", "xlsx").content)).active
    assert sheet.title == "Dashboard"
    budget = next(r for r in sheet.iter_rows() if r[0].value == 2023)
    assert budget[1].value == float(call.annual_envelope) and "€" in budget[1].number_format
    assert "'@SUM(1+1)" in [r[0].value for r in sheet.iter_rows()]
