"""Every list, export and dashboard page of the aftercare (pages and API) runs as many SQL
queries for 1,000 dossiers as for 10; the approved payments' export adds up to the approved
tranches, with real amounts and dates."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from aftercare.models import Tranche, TrancheStatus
from grants.roles import Role
from tests import aftercare_world as w
from tests import factories

pytestmark = pytest.mark.django_db


def urls(call):
    code = call.code
    return [
        reverse("department-reports", args=[code]),
        reverse("department-reports", args=[code]) + "?status=ingediend&year=2023&q=NAZORG&pagina=2",
        reverse("department-reports-export", args=[code, "csv"]),
        reverse("department-reports-export", args=[code, "xlsx"]) + "?status=goedgekeurd",
        reverse("department-payments", args=[code]),
        reverse("department-payments", args=[code]) + "?status=goedgekeurd&year=2024",
        reverse("department-payments-export", args=[code, "csv"]),
        reverse("department-approved-payments-export", args=[code, "csv"]),
        reverse("department-approved-payments-export", args=[code, "xlsx"]),
        f"/api/v1/reports/?call={code}",
        f"/api/v1/tranches/?call={code}&status=goedgekeurd",
        f"/api/v1/recoveries/?call={code}",
        f"/api/v1/calls/{code}/payments/",
    ]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_same_number_of_queries_for_10_and_1000_dossiers(client, call):
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    client.force_login(reviewer)
    w.bulk_granted(call, 10, reviewer)
    client.get(urls(call)[0])  # the session and the user, read once for every page after
    with_ten = {url: queries_for(client, url) for url in urls(call)}
    w.bulk_granted(call, 990, reviewer)
    assert {url: queries_for(client, url) for url in urls(call)} == with_ten


def test_the_approved_payments_export_adds_up_to_the_approved_tranches_in_both_formats(client, call):
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    client.force_login(reviewer)
    w.bulk_granted(call, 40, reviewer)
    Tranche.objects.filter(pk__in=Tranche.objects.order_by("pk").values("pk")[:7]).update(amount=Decimal("1234.56"))
    approved = Tranche.objects.filter(status=TrancheStatus.GOEDGEKEURD)
    expected = sum(t.amount for t in approved)
    assert expected > 0 and approved.count() > 10

    response = client.get(reverse("department-approved-payments-export", args=[call.code, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    amount, expected_on = header.index("Bedrag (€)"), header.index("Verwacht op")
    assert len(body) == approved.count()
    assert sum(Decimal(row[amount].replace(",", ".")) for row in body) == expected
    first = approved.order_by("expected_on", "application__dossier_number", "pk").first()
    assert body[0][expected_on] == first.expected_on.strftime("%d/%m/%Y")

    response = client.get(reverse("department-approved-payments-export", args=[call.code, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(row[amount])) for row in values) == expected
    assert values[0][expected_on].date() == first.expected_on  # a real date, not text
    assert sheet.cell(row=2, column=amount + 1).number_format == '"€" #,##0.00'
