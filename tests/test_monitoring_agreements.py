"""Cooperation agreements with VDAB: the history, the import, and the parliamentary table of
written question 34 reproduced from data, on the page, in the PDF, the XLSX and the API."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from demo.agreements_2022 import FORECAST, REFERENCE, agreements_csv, make_regiegebieden
from grants.agreements import ImportRefused, import_agreements, record_change
from grants.models import AgreementChange, Municipality
from grants.roles import Role
from monitoring.agreements import parliamentary_table
from tests import factories

pytestmark = pytest.mark.django_db

# The minister's table (17/10/2022, forecast December 2022), with 69 for Antwerpen.
EXPECTED = [
    ["West-Vlaanderen", "46/64", "72", "57/64", "89", "3/5", "60", "4/5", "80"],
    # 55/60 is 91.7%: rounded it is 92 (the published table prints 91).
    ["Oost-Vlaanderen", "55/60", "92", "55/60", "92", "7/7", "100", "7/7", "100"],
    ["Antwerpen", "51/69", "74", "68/69", "99", "9/11", "82", "11/11", "100"],
    ["Vlaams-Brabant", "26/65", "40", "26/65", "40", "7/7", "100", "7/7", "100"],
    ["Limburg", "22/42", "52", "23/42", "55", "4/7", "57", "4/7", "57"],
    ["Vlaanderen", "200/300", "67", "229/300", "76", "30/37", "81", "33/37", "89"],
]


def upload(text: str, name="so.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def situation_2022(call):
    make_regiegebieden(call)
    import_agreements(factories.make_user(Role.DOSSIERBEHANDELAAR), upload(agreements_csv()), call)
    return call


def test_the_table_of_written_question_34_is_reproduced(situation_2022):
    table = parliamentary_table(situation_2022, REFERENCE, FORECAST)
    assert [row.cells() for row in table.rows] == EXPECTED
    assert len(table.notes) == 1
    assert "Antwerpen telt 69 gemeenten" in table.notes[0] and "70" in table.notes[0]


def test_an_earlier_day_shows_the_earlier_state(situation_2022):
    """On 30/06/2022 only the 2021 agreements were signed; the others, then negotiating, were
    expected by 30/09/2022."""
    table = parliamentary_table(situation_2022, date(2022, 6, 30), date(2022, 9, 30))
    assert [str(row.municipalities) for row in table.rows] == ["23/64", "27/60", "25/69", "13/65", "11/42",
                                                               "99/300"]
    assert [str(row.municipalities_forecast) for row in table.rows] == [
        "46/64", "55/60", "51/69", "26/65", "22/42", "200/300"]
    assert str(table.flanders.regiegebieden) == "13/37"
    before_anything = parliamentary_table(situation_2022, date(2020, 1, 1), date(2020, 12, 31))
    assert str(before_anything.flanders.municipalities) == "0/300"


def test_the_table_reads_in_a_fixed_number_of_queries(situation_2022, django_assert_num_queries):
    with django_assert_num_queries(2):
        parliamentary_table(situation_2022, REFERENCE, FORECAST)


def test_an_import_with_bad_lines_loads_nothing_and_names_each_line(call):
    clerk = factories.make_user(Role.DOSSIERBEHANDELAAR)
    text = ("soort;code;status;sinds;verwachte ondertekening\n"
            "gemeente;34022;afgesloten;01/03/2021;\n"
            "gemeente;99999;afgesloten;01/03/2021;\n"
            "gemeente;34022;getekend;01/03/2021;\n"
            "gemeente;34022;in onderhandeling;2022-01-01;\n"
            "regiegebied;Onbestaand;afgesloten;01/03/2021;\n"
            "gemeente;34022;in onderhandeling;01/05/2022;01/01/2022\n")
    with pytest.raises(ImportRefused) as refused:
        import_agreements(clerk, upload(text), call)
    errors = refused.value.errors
    assert [e.split(":")[0] for e in errors] == ["Regel 3", "Regel 4", "Regel 5", "Regel 6", "Regel 7"]
    assert "99999" in errors[0] and "getekend" in errors[1] and "dd/mm/jjjj" in errors[2]
    assert "Onbestaand" in errors[3] and "verwachte ondertekening ligt voor" in errors[4]
    assert not AgreementChange.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv(call):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["soort", "code", "status", "sinds", "verwachte ondertekening"])
    sheet.append(["gemeente", 34022, "in onderhandeling", date(2022, 5, 1), "31/12/2022"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    clerk = factories.make_user(Role.DOSSIERBEHANDELAAR)
    assert import_agreements(clerk, SimpleUploadedFile("so.xlsx", buffer.getvalue()), call) == 1
    change = AgreementChange.objects.get()
    assert (change.municipality.name, change.since, change.expected_signature) == (
        "Kortrijk", date(2022, 5, 1), date(2022, 12, 31))


def test_only_the_department_records_agreements(call):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    for role in (Role.AANVRAGER, Role.MONITORINGSCOMITE):
        with pytest.raises(PermissionDenied):
            record_change(factories.make_user(role), status="afgesloten", since=date(2022, 1, 1),
                          municipality_id=kortrijk.pk)
    assert not AgreementChange.objects.exists()
