"""Cooperation agreements with VDAB: the history, the import, and the parliamentary table of
written question 34 reproduced from data, on the page, in the PDF, the XLSX and the API."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from demo.agreements_2022 import FORECAST, REFERENCE, agreements_csv, make_regiegebieden
from grants.agreements import ImportRefused, import_agreements, record_change
from grants.models import AgreementChange, Application, Municipality, Regiegebied
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


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("role", [Role.MONITORINGSCOMITE, Role.BESLISSER])
def test_the_page_pdf_and_xlsx_show_exactly_the_table(client, situation_2022, role):
    client.force_login(factories.make_user(role))
    query = {"peildatum": "17/10/2022", "prognose": "31/12/2022"}
    page = client.get(reverse("monitoring-table", args=[situation_2022.code]), query).content.decode()
    cells = [[f"<th scope=\"row\">{row[0]}</th>", *[f">{cell}<" for cell in row[1:]]] for row in EXPECTED]
    for row in cells:
        for cell in row:
            assert cell in page.replace("<strong>", "").replace("</strong>", ""), cell
    assert "Antwerpen telt 69 gemeenten" in page and "Puurs-Sint-Amands" in page
    assert "<svg" in page and "Kortrijk:" in page  # the map, with a title per municipality

    pdf = client.get(reverse("monitoring-table-export", args=[situation_2022.code, "pdf"]), query)
    assert pdf["Content-Type"] == "application/pdf"
    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for row in EXPECTED:
        assert " ".join(row) in text, row
    assert "Antwerpen telt 69 gemeenten" in text and "17/10/2022" in text

    xlsx = client.get(reverse("monitoring-table-export", args=[situation_2022.code, "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = {row[0] for row in EXPECTED}
    rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True) if row[0] in names]
    assert rows == EXPECTED


def test_the_pdf_draws_the_map_as_shapes(client, situation_2022):
    client.force_login(factories.make_user(Role.MONITORINGSCOMITE))
    pdf = client.get(reverse("monitoring-table-export", args=[situation_2022.code, "pdf"]),
                     {"peildatum": "17/10/2022"})
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    content = "".join(page.get_contents().get_data().decode("latin-1") for page in pages)
    assert content.count("h\nB") >= 300  # a closed, filled and stroked polygon per municipality
    assert "afgesloten (200)" in _flat(" ".join(page.extract_text() for page in pages))


def test_the_api_gives_the_same_table(client, situation_2022):
    client.force_login(factories.make_user(Role.MONITORINGSCOMITE))
    url = reverse("api-monitoring-agreements", args=[situation_2022.code])
    body = client.get(url, {"reference_date": "2022-10-17", "forecast_date": "2022-12-31"}).json()
    west = body["provinces"][0]
    assert west["name"] == "West-Vlaanderen"
    assert west["municipalities"] == {"part": 46, "total": 64, "percent": 72}
    assert west["regiegebieden_forecast"] == {"part": 4, "total": 5, "percent": 80}
    assert body["flanders"]["municipalities_forecast"] == {"part": 229, "total": 300, "percent": 76}
    assert body["flanders"]["regiegebieden"] == {"part": 30, "total": 37, "percent": 81}
    assert "69" in body["notes"][0]
    earlier = client.get(url, {"reference_date": "2022-06-30"}).json()
    assert earlier["flanders"]["municipalities"]["part"] == 99
    assert client.get(url, {"reference_date": "17/10/2022"}).status_code == 400
    backwards = client.get(url, {"reference_date": "2022-10-17", "forecast_date": "2022-01-01"})
    assert backwards.status_code == 400 and "na de peildatum" in str(backwards.json())
    by_default = client.get(url, {"reference_date": "2022-10-17"}).json()
    assert by_default["forecast_date"] == "2022-12-31" and by_default["flanders"]["municipalities_forecast"][
        "part"] == 229
    client.force_login(factories.make_user(Role.AANVRAGER))
    assert client.get(url).status_code == 404


def test_the_department_records_one_change_and_sees_its_history(client, call):
    kortrijk = Municipality.objects.get(name="Kortrijk")
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    url = reverse("department-municipality", args=[kortrijk.pk])
    refused = client.post(url, {"status": "afgesloten", "since": "01/03/2022",
                                "expected_signature": "01/06/2022"})
    assert "geen verwachte ondertekening" in refused.content.decode()
    assert client.post(url, {"status": "in_onderhandeling", "since": "31/02/2022"}).status_code == 200
    assert not AgreementChange.objects.exists()
    client.post(url, {"status": "in_onderhandeling", "since": "01/02/2022",
                      "expected_signature": "30/06/2022"})
    client.post(url, {"status": "afgesloten", "since": "15/06/2022"})
    history = client.get(url).content.decode()
    assert history.index("15/06/2022") < history.index("01/02/2022")  # newest first, both kept
    assert "afgesloten" in client.get(reverse("department-municipalities")).content.decode()


def test_the_department_imports_a_file_on_its_page(client, call):
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    url = reverse("department-municipalities")
    bad = client.post(url, {"file": upload("soort;code;status;sinds;verwachte ondertekening\n"
                                           "gemeente;34022;afgesloten;01/03/2021;\n"
                                           "gemeente;12345;afgesloten;01/03/2021;\n")})
    assert "Regel 3: geen gemeente met NIS-code “12345”" in bad.content.decode()
    assert not AgreementChange.objects.exists()
    good = client.post(url, {"file": upload("soort;code;status;sinds;verwachte ondertekening\n"
                                            "gemeente;34022;afgesloten;01/03/2021;\n")}, follow=True)
    assert "1 wijzigingen ingelezen" in good.content.decode()
    assert AgreementChange.objects.get().municipality.name == "Kortrijk"


def test_submitted_applications_form_named_regiegebieden(client, call):
    submitted = factories.make_application(call=call, members=("Kortrijk", "Kuurne", "Harelbeke"))
    draft = factories.make_application(call=call, members=("Gent",))
    Application.objects.filter(pk=submitted.pk).update(status="ingediend")
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    page = client.post(reverse("department-regiegebieden-form"), follow=True).content.decode()
    assert "1 regiegebieden gevormd" in page
    regiegebied = Regiegebied.objects.get()
    assert (regiegebied.application_id, regiegebied.name, regiegebied.province.name) == (
        submitted.pk, submitted.applicant.name, "West-Vlaanderen")
    members = sorted(regiegebied.municipalities.values_list("name", flat=True))
    assert members == ["Harelbeke", "Kortrijk", "Kuurne"]
    assert not Regiegebied.objects.filter(application=draft).exists()
    client.post(reverse("department-regiegebieden-form"))  # again: the same one, not a second
    assert Regiegebied.objects.count() == 1
    table = parliamentary_table(call, date(2023, 6, 1), date(2023, 12, 31))
    assert str(table.provinces[0].regiegebieden) == "0/1" and table.provinces[0].name == "West-Vlaanderen"


def test_the_command_loads_all_or_nothing_and_fails_with_the_lines(call, tmp_path):
    clerk = factories.make_user(Role.DOSSIERBEHANDELAAR)
    bad = tmp_path / "so.csv"
    bad.write_text("soort;code;status;sinds;verwachte ondertekening\n"
                   "gemeente;34022;afgesloten;01/03/2021;\n"
                   "gemeente;34022;afgesloten;1 maart;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 3: “1 maart” in de kolom “sinds”"):
        call_command("import_agreements", bad, oproep=call.code, gebruiker=clerk.username)
    assert not AgreementChange.objects.exists()
    applicant = factories.make_user(Role.AANVRAGER)
    with pytest.raises(CommandError, match="departement"):
        call_command("import_agreements", bad, oproep=call.code, gebruiker=applicant.username)
    good = tmp_path / "goed.csv"
    good.write_text(agreements_csv(regiegebieden=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_agreements", good, oproep=call.code, gebruiker=clerk.username, stdout=out)
    assert AgreementChange.objects.filter(status="afgesloten").count() == 200
    assert "wijzigingen ingelezen" in out.getvalue()


def test_the_kept_table_of_municipalities_shows_a_change_from_the_page_or_the_api_at_once(client, call):
    """The page's 300 rows are kept rendered (grants.fragments.kept), keyed by what they show."""
    from tests.api_world import API, client_for

    clerk = factories.make_user(Role.DOSSIERBEHANDELAAR)
    client.force_login(clerk)
    kortrijk, kuurne = Municipality.objects.get(name="Kortrijk"), Municipality.objects.get(name="Kuurne")
    today = timezone.localdate()

    def row(municipality) -> str:
        page = client.get(reverse("department-municipalities")).content.decode()
        start = page.index(f'id="gemeente-{municipality.pk}"')
        return page[start:page.index("</tr>", start)]

    assert "niets geregistreerd" in row(kortrijk) and "niets geregistreerd" in row(kuurne)
    client.post(reverse("department-municipality", args=[kortrijk.pk]),
                {"status": "afgesloten", "since": today.strftime("%d/%m/%Y")})
    assert "afgesloten" in row(kortrijk) and "niets geregistreerd" in row(kuurne)
    response = client_for(clerk, token=True).post(
        f"{API}/monitoring/municipalities/{kuurne.pk}/agreement-changes/",
        {"status": "in_onderhandeling", "since": today.isoformat(), "expected_signature": "2099-01-31"},
        format="json")
    assert response.status_code == 201, response.content
    assert "in onderhandeling" in row(kuurne) and "2099" in row(kuurne)
