"""Rows of typed values (text, numbers, Decimal amounts, dates) written as CSV or XLSX the way a
Belgian spreadsheet reads them, for the department's pages and the API alike; no text cell is
ever read as a formula (OWASP's CSV injection)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
