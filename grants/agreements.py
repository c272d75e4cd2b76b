"""The department's writes on cooperation agreements with VDAB, and the regiegebieden.

Each write is the department's only, adds rows to the history (never changes one) and
happens in one transaction. ``import_agreements`` reads a CSV or XLSX file, checks every line
first and writes all of them or nothing: a refused file raises ``ImportRefused`` with one
Dutch message per bad line.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from grants.models import (
    SUBMITTED_STATUSES,
    AgreementChange,
    AgreementStatus,
    Application,
    Call,
    Municipality,
    Regiegebied,
    RegiegebiedMember,
)
from grants.roles import refuse_unless_department

MUNICIPALITY, REGIEGEBIED = "gemeente", "regiegebied"
# The columns of an import file, in this order; the header row names them.
COLUMNS = ("soort", "code", "status", "sinds", "verwachte ondertekening")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ImportRefused(Exception):
    """A file that was not loaded, with what is wrong on which line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def check_change(status: str, since: date, expected_signature: date | None) -> None:
    """The rules one change must meet, for the form and the import alike."""
    if status not in AgreementStatus.values:
        raise ValidationError(_("Onbekende status: kies afgesloten, in onderhandeling of gesprekken nog "
                                "op te starten."))
    if status == AgreementStatus.AFGESLOTEN and expected_signature:
        raise ValidationError(_("Een afgesloten overeenkomst heeft geen verwachte ondertekening meer."))
    if expected_signature and expected_signature < since:
        raise ValidationError(_("De verwachte ondertekening ligt voor de datum van de wijziging."))


@transaction.atomic
def record_change(user, *, status: str, since: date, expected_signature: date | None = None,
                  municipality_id: int | None = None, regiegebied_id: int | None = None) -> AgreementChange:
    """Add one change to the history of a municipality's or a regiegebied's agreement."""
    refuse_unless_department(user)
    check_change(status, since, expected_signature)
    municipality = get_object_or_404(Municipality, pk=municipality_id) if municipality_id else None
    regiegebied = get_object_or_404(Regiegebied, pk=regiegebied_id) if regiegebied_id else None
    return AgreementChange.objects.create(municipality=municipality, regiegebied=regiegebied, status=status,
                                          since=since, expected_signature=expected_signature,
                                          recorded_by=user)


# --- the import -----------------------------------------------------------------------------

STATUS_WORDS = {str(label).lower(): value for value, label in AgreementStatus.choices} | {
    value: value for value in AgreementStatus.values}


@dataclass
class _Line:
    number: int
    values: list


def import_agreements(user, uploaded, call: Call) -> int:
    """Load a file of changes (CSV with ';' or ',', or XLSX); regiegebieden are those of ``call``.
    Returns how many changes were recorded."""
    refuse_unless_department(user)
    lines = _read(uploaded)
    municipalities = {m.nis_code: m for m in Municipality.objects.all()}
    regiegebieden = {r.name.casefold(): r for r in Regiegebied.objects.filter(call=call)}
    changes, errors = [], []
    for line in lines:
        try:
            changes.append(_change(line, municipalities, regiegebieden, user))
        except ValidationError as error:
            errors.append(_("Regel %(n)s: %(what)s") % {"n": line.number, "what": " ".join(error.messages)})
    if errors:
        raise ImportRefused(errors)
    if not changes:
        raise ImportRefused([_("Het bestand bevat geen enkele regel onder de kopregel.")])
    with transaction.atomic():
        AgreementChange.objects.bulk_create(changes)
    return len(changes)


def _read(uploaded) -> list[_Line]:
    """The lines under the header, numbered as a spreadsheet shows them (the header is line 1)."""
    if uploaded.size > MAX_IMPORT_BYTES:
        raise ImportRefused([_("Het bestand is groter dan 2 MB.")])
    content = uploaded.read()
    if content.startswith(b"PK"):  # an XLSX file is a zip
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many kinds on a damaged file
            raise ImportRefused([_("Het bestand is geen leesbaar Excel-bestand (.xlsx).")]) from None
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused([_("Bewaar het bestand als CSV in UTF-8 of als .xlsx.")]) from None
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error:  # e.g. a field longer than the csv module reads (a stray quote)
            raise ImportRefused([_("Het bestand is geen leesbaar CSV-bestand: kijk de aanhalingstekens "
                                   "na, of bewaar het als .xlsx.")]) from None
    if not rows or [str(c or "").strip().lower() for c in rows[0][:len(COLUMNS)]] != list(COLUMNS):
        raise ImportRefused([_("Regel 1: de kopregel moet de kolommen %(columns)s bevatten, in die volgorde.")
                             % {"columns": ", ".join(COLUMNS)}])
    return [_Line(n, row) for n, row in enumerate(rows[1:], start=2)
            if any(str(c or "").strip() for c in row)]


def _change(line: _Line, municipalities: dict, regiegebieden: dict, user) -> AgreementChange:
    values = [*line.values, *[None] * len(COLUMNS)][:len(COLUMNS)]
    kind, code, status_word = (_text(v) for v in values[:3])
    status = STATUS_WORDS.get(status_word.lower())
    if status is None:
        raise ValidationError(_("onbekende status “%(word)s”: schrijf afgesloten, in onderhandeling of "
                                "gesprekken nog op te starten.") % {"word": status_word})
    since_day = _day(values[3], _("sinds"), required=True)
    expected_day = _day(values[4], _("verwachte ondertekening"))
    check_change(status, since_day, expected_day)
    change = AgreementChange(status=status, since=since_day, expected_signature=expected_day,
                             recorded_by=user)
    if kind.lower() == MUNICIPALITY:
        change.municipality = municipalities.get(code.zfill(5) if code.isdigit() else code)
        if change.municipality is None:
            raise ValidationError(_("geen gemeente met NIS-code “%(code)s”.") % {"code": code})
    elif kind.lower() == REGIEGEBIED:
        change.regiegebied = regiegebieden.get(code.casefold())
        if change.regiegebied is None:
            raise ValidationError(_("geen regiegebied “%(name)s” in deze oproep.") % {"name": code})
    else:
        raise ValidationError(_("soort moet gemeente of regiegebied zijn, niet “%(kind)s”.") % {"kind": kind})
    return change


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():  # a NIS code read as a number by Excel
        value = int(value)
    return "" if value is None else str(value).strip()


def _day(value, column: str, required: bool = False) -> date | None:
    """A date as dd/mm/jjjj, or a date cell of a spreadsheet."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise ValidationError(_("vul de datum in de kolom “%(column)s” in (dd/mm/jjjj).")
                                  % {"column": column})
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise ValidationError(_("“%(text)s” in de kolom “%(column)s” is geen datum als dd/mm/jjjj.")
                              % {"text": text, "column": column}) from None


# --- regiegebieden --------------------------------------------------------------------------

@transaction.atomic
def form_regiegebieden(user, call: Call) -> int:
    """Every submitted (or decided) application of the call forms its regiegebied, or brings
    it up to date with its members; the department does this when the areas are settled.
    Returns how many regiegebieden the call's applications form."""
    refuse_unless_department(user)
    applications = Application.objects.filter(call=call, status__in=SUBMITTED_STATUSES)
    return len([regiegebied_of(application) for application in applications])


@transaction.atomic
def regiegebied_of(application: Application) -> Regiegebied:
    """The regiegebied a submitted application forms: named after the applicant, in the lead
    municipality's province, with the active members. Called again, it follows the members."""
    application = Application.objects.select_related("applicant__lead_municipality").get(pk=application.pk)
    lead = application.applicant.lead_municipality
    regiegebied, _created = Regiegebied.objects.get_or_create(
        application=application,
        defaults={"call_id": application.call_id, "name": _free_name(application),
                  "province_id": lead.province_id})
    members = set(application.memberships.filter(active=True).values_list("municipality", flat=True))
    if members != set(regiegebied.municipalities.values_list("pk", flat=True)):
        regiegebied.municipalities.set(members)
        regiegebied.save(update_fields=["updated_at"])  # an incremental read sees the new members
    return regiegebied


def members_on(regiegebied: Regiegebied, day: date) -> set:
    """The regiegebied's municipalities (ids) on ``day``: the dated memberships that cover it, and
    every current member without a dated membership (a member all along)."""
    dated = list(regiegebied.dated_members.all())
    with_dates = {row.municipality_id for row in dated}
    always = set(regiegebied.municipalities.values_list("pk", flat=True)) - with_dates
    return always | {row.municipality_id for row in dated if row.covers(day)}


@transaction.atomic
def move_member(application: Application, municipality: Municipality, on: date, joins: bool) -> Regiegebied:
    """A municipality joins or leaves the application's regiegebied from ``on``: its membership of
    the application follows (a leaving one is free for another application of the call at once),
    and the regiegebied keeps the day, so its members are right before and after it."""
    regiegebied = regiegebied_of(application)
    open_row = regiegebied.dated_members.filter(municipality=municipality, until__isnull=True).last()
    if joins:
        membership, _created = application.memberships.get_or_create(
            municipality=municipality, defaults={"call_id": application.call_id, "joined": True})
        if not membership.active:
            membership.active = True
            membership.save(update_fields=["active"])
        RegiegebiedMember.objects.create(regiegebied=regiegebied, municipality=municipality, since=on)
    else:
        application.memberships.filter(municipality=municipality).update(active=False)
        if open_row is not None:
            open_row.until = on
            open_row.save(update_fields=["until"])
        else:
            RegiegebiedMember.objects.create(regiegebied=regiegebied, municipality=municipality, until=on)
    return regiegebied_of(application)


def _free_name(application: Application) -> str:
    name = application.applicant.name
    taken = Regiegebied.objects.filter(call_id=application.call_id, name=name).exists()
    return f"{name} ({application.dossier_number})" if taken else name
