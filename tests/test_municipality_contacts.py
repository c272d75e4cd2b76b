"""The 300 municipalities' KBO numbers and contact addresses, loaded from CSV or XLSX (by
command and in the admin): all or nothing, an error per line. Then the invitations reach every
municipality that no live application covers, once."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from grants.models import Application, ApplicationStatus, Municipality
from grants.roles import Role
from notifications import services
from notifications.models import Kind, Notification
from notifications.sweep import run_sweep
from tests import factories
from tests.lifecycle import BRUSSELS

pytestmark = pytest.mark.django_db

SEVEN_DAYS_BEFORE = datetime(2023, 1, 8, 9, 0, tzinfo=BRUSSELS)  # a reminder moment of the 2023 call


def kbo(i: int) -> str:
    """A valid ondernemingsnummer per municipality (mod 97)."""
    base = 2074000 + i
    return f"0{base:07d}{97 - base % 97:02d}"


def contact_rows() -> list[list[str]]:
    return [[m.nis_code, kbo(i), f"stadhuis-{m.nis_code}@gemeente.be"]
            for i, m in enumerate(Municipality.objects.order_by("nis_code"))]


def csv_file(tmp_path, rows, separator=";"):
    path = tmp_path / "gemeenten.csv"
    lines = [separator.join(["nis_code", "kbo_number", "contact_email"])]
    lines += [separator.join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sweep():
    result = run_sweep()
    return services.deliver_many(result.claimed_ids + result.resend_ids)


def test_300_addresses_with_two_bad_lines_load_nothing_then_invite_exactly_the_uncovered_once(
        call, tmp_path):
    rows = contact_rows()
    assert len(rows) == 300
    good = [list(row) for row in rows]
    rows[3][1] = "0123.456.789"  # line 5: the check digits are wrong
    rows[198][2] = "stadhuis at gemeente.be"  # line 200: not an e-mail address
    with pytest.raises(CommandError) as refused:
        call_command("load_municipality_contacts", str(csv_file(tmp_path, rows)))
    message = str(refused.value)
    assert "niets geladen" in message
    assert "regel 5: ondernemingsnummer '0123.456.789': Dit ondernemingsnummer bestaat niet" in message
    assert "regel 200: 'stadhuis at gemeente.be' is geen geldig e-mailadres." in message
    assert message.count("regel ") == 2
    assert not Municipality.objects.exclude(contact_email="").exists()
    assert not Municipality.objects.exclude(kbo_number="").exists()

    call_command("load_municipality_contacts", str(csv_file(tmp_path, good)))
    assert not Municipality.objects.filter(contact_email="").exists()

    # Covered: the members of a draft and of a submitted application. A withdrawn application
    # covers nothing: its municipality is invited again.
    factories.make_application(call=call, members=("Kortrijk", "Kuurne"), complete=False)
    submitted = factories.make_application(call=call, members=("Gent",), complete=False)
    withdrawn = factories.make_application(call=call, members=("Aalst",), complete=False)
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.INGEDIEND)
    Application.objects.filter(pk=withdrawn.pk).update(status=ApplicationStatus.INGETROKKEN)
    withdrawn.memberships.update(active=False)

    with time_machine.travel(SEVEN_DAYS_BEFORE, tick=False):
        sweep()
        sweep()  # a second run at the same moment sends nothing more
    invited = {m.to[0] for m in mail.outbox if "zit nog in geen enkele aanvraag" in m.subject}
    uncovered = Municipality.objects.exclude(name__in=["Kortrijk", "Kuurne", "Gent"])
    expected = {m.contact_email for m in uncovered}
    assert invited == expected and len(expected) == 297
    assert "stadhuis-41002@gemeente.be" in invited  # Aalst, freed by the withdrawal
    assert Notification.objects.filter(kind=Kind.INVITATION).count() == 297
    assert len([m for m in mail.outbox if "zit nog in geen enkele aanvraag" in m.subject]) == 297


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIS-code", "ondernemingsnummer", "e-mailadres"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_admin_loads_an_xlsx_all_or_nothing_with_an_error_per_line(client, reference_data):
    admin = factories.make_user(Role.BEHEERDER)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:grants_municipality_import")
    rows = contact_rows()[:3] + [["99999", kbo(500), "x@gemeente.be"], contact_rows()[0]]
    upload = io.BytesIO(workbook(rows))
    upload.name = "gemeenten.xlsx"
    response = client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "regel 5: NIS-code &#x27;99999&#x27; is geen gemeente." in page
    assert "regel 6: Aartselaar staat twee keer in het bestand." in page
    assert not Municipality.objects.exclude(contact_email="").exists()

    upload = io.BytesIO(workbook(contact_rows()[:3]))
    upload.name = "gemeenten.xlsx"
    assert client.post(url, {"file": upload}).status_code == 302
    assert Municipality.objects.exclude(contact_email="").count() == 3


def test_a_file_without_the_needed_columns_is_refused_clearly(tmp_path, reference_data):
    path = tmp_path / "gemeenten.csv"
    path.write_text("naam;adres\nGent;stad@gent.be\n", encoding="utf-8")
    with pytest.raises(CommandError, match="De eerste regel mist de kolom 'nis_code'"):
        call_command("load_municipality_contacts", str(path))


def test_the_dashboard_shows_the_municipalities_without_address_and_the_days_to_the_decision(
        client, call, tmp_path):
    call_command("load_municipality_contacts", str(csv_file(tmp_path, contact_rows()[2:], separator=",")))
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    ten_days_before = datetime.combine(call.decision_expected, datetime.min.time(), BRUSSELS).replace(hour=12)
    with time_machine.travel(ten_days_before - timedelta(days=10), tick=False):
        page = client.get(reverse("department-dashboard", args=[call.code])).content.decode()
    assert f"Beslissing verwacht tegen {call.decision_expected:%d/%m/%Y}: nog 10 dagen." in page
    assert "2 gemeenten hebben geen contactadres" in page
    assert "Aartselaar, Antwerpen" in page  # the first two by NIS code, left out of the file
