"""Loading the municipalities' KBO numbers and contact addresses from a CSV or XLSX file.

Used by ``manage.py load_municipality_contacts FILE`` and the admin's import page. A file is
loaded whole or not at all: every line is checked first, and one wrong line stops the load with
an error per line ("regel 5: …"); nothing is written then.

Columns (first line, in any order): ``nis_code`` (or ``NIS-code``), ``kbo_number`` (or
``ondernemingsnummer``) and ``contact_email`` (or ``e-mailadres``).
"""

import csv
import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import Municipality
from grants.validators import normalize_kbo, validate_kbo

COLUMNS = {
    "nis_code": ("nis_code", "nis-code", "nis"),
    "kbo_number": ("kbo_number", "ondernemingsnummer", "kbo"),
    "contact_email": ("contact_email", "e-mailadres", "email", "e-mail"),
}


class ContactImportError(ValidationError):
    """The file is refused; ``messages`` holds one message per wrong line."""


def read_rows(name: str, content: bytes) -> list[dict]:
    """The file's lines as dictionaries keyed by our column names, from CSV (comma or semicolon,
    UTF-8) or XLSX."""
    if PurePath(name).suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear message
            raise ContactImportError(_("Dit bestand is geen leesbaar Excel-bestand (.xlsx).")) from None
        lines = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ContactImportError(_("Bewaar het bestand als CSV in UTF-8.")) from None
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;") if text.strip() else csv.excel
        lines = list(csv.reader(io.StringIO(text), dialect))
    if not lines:
        raise ContactImportError(_("Het bestand is leeg."))
    header = [cell.strip().lower() for cell in lines[0]]
    positions = {}
    for column, names in COLUMNS.items():
        found = next((header.index(n) for n in names if n in header), None)
        if found is None:
            raise ContactImportError(_("De eerste regel mist de kolom '%(column)s'.") % {"column": column})
        positions[column] = found
    return [{column: (line[i].strip() if i < len(line) else "") for column, i in positions.items()}
            for line in lines[1:] if any(cell.strip() for cell in line)]


def check_rows(rows: list[dict]) -> list[tuple[Municipality, str, str]]:
    """(municipality, KBO number, e-mail address) per line, or ContactImportError with every wrong line."""
    by_nis = {m.nis_code: m for m in Municipality.objects.all()}
    seen, checked, errors = set(), [], []
    for number, row in enumerate(rows, start=2):
        problems = []
        municipality = by_nis.get(row["nis_code"])
        if municipality is None:
            problems.append(_("NIS-code '%(nis)s' is geen gemeente.") % {"nis": row["nis_code"]})
        elif row["nis_code"] in seen:
            problems.append(_("%(name)s staat twee keer in het bestand.") % {"name": municipality.name})
        seen.add(row["nis_code"])
        kbo = normalize_kbo(row["kbo_number"])
        try:
            validate_kbo(kbo)
        except ValidationError as error:
            problems.append(_("ondernemingsnummer '%(kbo)s': %(error)s")
                            % {"kbo": row["kbo_number"], "error": " ".join(error.messages)})
        try:
            validate_email(row["contact_email"])
        except ValidationError:
            problems.append(_("'%(email)s' is geen geldig e-mailadres.") % {"email": row["contact_email"]})
        if problems:
            errors.append(_("regel %(line)d: %(problems)s")
                          % {"line": number, "problems": " ".join(problems)})
        else:
            checked.append((municipality, kbo, row["contact_email"].lower()))
    if errors:
        raise ContactImportError(errors)
    return checked


@transaction.atomic
def load_contacts(name: str, content: bytes) -> int:
    """Load the file, all or nothing; returns the number of municipalities updated."""
    checked = check_rows(read_rows(name, content))
    for municipality, kbo, email in checked:
        municipality.kbo_number, municipality.contact_email = kbo, email
    Municipality.objects.bulk_update([m for m, _kbo, _email in checked], ["kbo_number", "contact_email"])
    return len(checked)
