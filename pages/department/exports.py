"""The list (with its filters) and the dashboard as CSV and XLSX, from the same rows."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def list_rows(applications) -> list[list]:
    header = [_("Dossiernummer"), _("Aanvrager"), _("Soort"), _("Provincie"), _("Status"),
              _("Dossierbehandelaar"), _("Ingediend op"), _("Na de deadline"), _("Volledig"),
              _("Gevraagde subsidie (€)")]
    rows = [header]
    for a in applications:
        assignment = getattr(a, "assignment", None)
        rows.append([
            a.dossier_number or "", a.applicant.name, a.applicant.get_kind_display(),
            a.applicant.lead_municipality.province.name, a.get_status_display(),
            assignment.reviewer.get_full_name() or assignment.reviewer.get_username() if assignment else "",
            timezone.localtime(a.submitted_at).strftime("%d/%m/%Y %H:%M") if a.submitted_at else "",
            _("ja") if a.is_late else _("nee"), _("ja") if a.is_complete else _("nee"), a.requested,
        ])
    return rows


def dashboard_rows(board) -> list[list]:
    rows = [[_("Aanvragen per status")], [_("Status"), _("Aantal")]]
    rows += [[label, count] for _status, label, count in board.states]
    rows += [[], [_("Dekking van de gemeenten")],
             [_("Gebied"), _("Gemeenten"), _("Met ingediende aanvraag"), _("Met toegekende aanvraag"),
              _("Met VDAB-overeenkomst"), _("Inwoners"), _("Inwoners gedekt (ingediend)"),
              _("Inwoners gedekt (toegekend)")]]
    rows += [[c.name, c.total, c.submitted, c.granted, c.vdab, c.population, c.population_submitted,
              c.population_granted] for c in [*board.provinces, board.flanders]]
    rows += [[], [_("Budget per jaar")],
             [_("Jaar"), _("Budget (€)"), _("Gevraagd (€)"), _("Toegekend (€)")]]
    rows += [[m.year, m.envelope, m.requested, m.granted] for m in board.money]
    rows += [[], [_("Gemeenten zonder aanvraag")], [_("Gemeente"), _("Provincie"), _("Inwoners")]]
    rows += [[m.name, m.province.name, m.population] for m in board.uncovered]
    return rows


def csv_response(rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    # Excel in Belgium opens ';'-separated files with a BOM correctly.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([[_csv_value(value) for value in row] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_value(value):
    """Amounts with a decimal comma, as Excel reads them with Belgian settings."""
    return f"{value:.2f}".replace(".", ",") if isinstance(value, Decimal) else value


def xlsx_response(rows, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
