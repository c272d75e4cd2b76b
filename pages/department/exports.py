"""The list (with its filters) and the dashboard as CSV and XLSX, from the same rows.

Rows hold typed values (text, numbers, Decimal amounts, datetimes): each format writes them as
a spreadsheet reads them, and no text cell is ever read as a formula (OWASP's CSV injection)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grants.models import Call
from workflow.models import DecisionProposal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def list_rows(applications) -> list[list]:
    """One row per application, with what was granted per year and when, read in two queries
    whatever the number of applications."""
    years = _call_years(applications)
    header = [_("Dossiernummer"), _("Aanvrager"), _("Soort"), _("Provincie"), _("Status"),
              _("Dossierbehandelaar"), _("Ingediend op"), _("Na de deadline"), _("Volledig"),
              _("Gevraagde subsidie (€)"),
              *[_("Toegekend %(year)s (€)") % {"year": year} for year in years], _("Beslist op")]
    rows = [header]
    approved = Prefetch("decision_proposals", to_attr="approved_proposals",
                        queryset=DecisionProposal.objects.filter(approved_at__isnull=False))
    for a in applications.prefetch_related(approved):
        assignment = getattr(a, "assignment", None)
        decision = a.approved_proposals[-1] if a.approved_proposals else None
        rows.append([
            a.dossier_number or "", a.applicant.name, a.applicant.get_kind_display(),
            a.applicant.lead_municipality.province.name, a.get_status_display(),
            assignment.reviewer.get_full_name() or assignment.reviewer.get_username() if assignment else "",
            a.submitted_at, _("ja") if a.is_late else _("nee"), _("ja") if a.is_complete else _("nee"),
            a.requested,
            *[Decimal(decision.amounts.get(str(year), "0")) if decision else None for year in years],
            decision.approved_at if decision else None,
        ])
    return rows


def _call_years(applications) -> list[int]:
    """The years of the call the listed applications belong to (one call per list)."""
    call = Call.objects.filter(pk__in=applications.values("call_id")).first()
    return call.years if call else []


def dashboard_rows(board) -> list[list]:
    rows = [[_("Aanvragen per status")], [_("Status"), _("Aantal")]]
    rows += [[label, count] for _status, label, count in board.states]
    rows += [[], [_("Dekking van de gemeenten")],
             [_("Gebied"), _("Gemeenten"), _("Met ingediende aanvraag"), _("Met toegekende aanvraag"),
              _("Met VDAB-overeenkomst"), _("Regiegebieden"), _("Inwoners"), _("Inwoners gedekt (ingediend)"),
              _("Inwoners gedekt (toegekend)")]]
    rows += [[c.name, c.total, c.submitted, c.granted, c.vdab, c.regiegebieden, c.population,
              c.population_submitted, c.population_granted] for c in [*board.provinces, board.flanders]]
    rows += [[], [_("Budget per jaar")],
             [_("Jaar"), _("Budget (€)"), _("Gevraagd (€)"), _("Toegekend (€)")]]
    rows += [[m.year, m.envelope, m.requested, m.granted] for m in board.money]
    rows += [[], [_("Gemeenten zonder aanvraag")], [_("Gemeente"), _("Provincie"), _("Inwoners")]]
    rows += [[m.name, m.province.name, m.population] for m in board.uncovered]
    return rows


def annex_rows(annex: dict) -> list[list]:
    """A decision act's annex: every beneficiary with its amount per year, and the totals."""
    years = annex["years"]
    rows = [[_("Dossiernummer"), _("Begunstigde"), _("Penvoerder"),
             *[_("%(year)s (€)") % {"year": year} for year in years], _("Totaal (€)")]]
    rows += [[row["dossier_number"], row["beneficiary"], row["lead_municipality"], *row["amounts"],
              row["total"]]
             for row in annex["rows"]]
    rows.append([_("Totaal"), "", "", *annex["totals"], annex["grand_total"]])
    return rows


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text: a leading formula character gets a quote before it
    (OWASP), whoever typed the text, an applicant or an administrator."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _brussels(moment: datetime) -> datetime:
    """Brussels time without a zone: a spreadsheet cell has none."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def csv_response(rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    # Excel in Belgium opens ';'-separated files with a BOM correctly.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([[_csv_value(value) for value in row] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_value(value):
    """As Excel reads them with Belgian settings: amounts with a decimal comma, dates dd/mm/yyyy."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return _brussels(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return safe_text(value)
    return "" if value is None else value


def xlsx_response(rows, filename: str) -> HttpResponse:
    """A sheet named after what it holds ('Aanvragen', 'Dashboard'), with real numbers and dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = filename.split("-")[0].capitalize()
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=_xlsx_value(value))
            cell.number_format = _xlsx_format(value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _xlsx_value(value):
    if isinstance(value, datetime):
        return _brussels(value)
    if isinstance(value, str):
        return safe_text(value)
    return value


def _xlsx_format(value) -> str:
    if isinstance(value, Decimal):
        return EURO_FORMAT
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return "General"
