"""The applicant downloads, as a PDF, exactly what it submitted: the frozen version with its
dossier number, submission time, fingerprint, plan, actions, budget and attachments. The
department may download it too; anyone else gets a 404."""

import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from grants.roles import Role
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())


@pytest.fixture
def submitted(clerk, region, open_call):
    application = factories.make_application(call=open_call, applicant=region)
    application.budget_lines.filter(year=2024).update(amount=Decimal("1234.56"))
    services.fire(clerk, application.pk, "submit", {"declaration": "on"})
    application.refresh_from_db()
    return application


def test_the_receipt_links_to_the_pdf_of_what_was_submitted(client, submitted):
    version = submitted.versions.get()
    url = reverse("portal-version-pdf", args=[submitted.pk, version.number])
    assert f'href="{url}"' in client.get(reverse("portal-receipt", args=[submitted.pk])).content.decode()
    assert f'href="{url}"' in client.get(reverse("portal-status", args=[submitted.pk])).content.decode()

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{submitted.dossier_number}-v1.pdf"' in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert submitted.dossier_number in text
    assert version.sha256 in text
    submitted_at = version.created_at.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y %H:%M")
    assert submitted_at in text
    assert "€ 1.234,56" in text  # 2024's line, as frozen
    assert "Kortrijk" in text and "Samen met VDAB iedereen aan het werk." in text
    assert re.search(r"Indicator Deelnemers \(personen\): beginwaarde 0; streefwaarde 2023: 10", text)
    attachment = submitted.attachments.first()
    assert attachment.sha256 in text


def test_the_pdf_shows_the_version_as_submitted_not_as_it_is_now(client, submitted):
    submitted.budget_lines.update(amount=Decimal("9.99"))  # as if changed after a clarification request
    data = client.get(reverse("portal-version-pdf", args=[submitted.pk, 1])).streaming_content
    text = pdf_text(b"".join(data))
    assert "€ 1.234,56" in text and "€ 9,99" not in text


def test_the_department_may_download_it_and_another_organisation_gets_404(client, submitted):
    url = reverse("portal-version-pdf", args=[submitted.pk, 1])
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    assert client.get(url).status_code == 200
    other = factories.make_applicant(name="Regio Elders", lead="Gent")
    client.force_login(factories.make_user(Role.AANVRAGER, organisation=other))
    assert client.get(url).status_code == 404
    client.force_login(submitted.applicant.organisationmembership_set.first().user)
    assert client.get(reverse("portal-version-pdf", args=[submitted.pk, 2])).status_code == 404
