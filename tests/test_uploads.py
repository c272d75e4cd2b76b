"""Attachments are PDFs by their content, at most MAX_UPLOAD_BYTES, stored under a random
name with their SHA-256; anything else is refused with a clear message and nothing is kept."""

import hashlib
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from grants.models import Attachment
from grants.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def real_pdf(title="Gemeenteraadsbeslissing") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, title)
    page.save()
    return buffer.getvalue()


@pytest.fixture
def application(reference_data):
    applicant = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    return factories.make_application(call=factories.open_call(), applicant=applicant, complete=False)


@pytest.fixture
def clerk(application, client):
    user = factories.make_user(Role.AANVRAGER, organisation=application.applicant)
    client.force_login(user)
    return user


def upload(client, application, name, content, type_code="gemeenteraadsbeslissing", municipality="Kortrijk"):
    attachment_type = application.call.mandatory_attachment_types.get(code=type_code)
    data = {"attachment_type": attachment_type.pk, "file": SimpleUploadedFile(name, content)}
    if municipality:
        data["municipality"] = factories.municipalities(municipality)[0].pk
    response = client.post(reverse("application-attachments", args=[application.pk]), data)
    return response, re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_real_pdf_is_stored_under_a_random_name_with_its_sha256(client, clerk, application, settings):
    content = real_pdf()
    response, _page = upload(client, application, "Raadsbeslissing Kortrijk.pdf", content)
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content) and attachment.original_name == "Raadsbeslissing Kortrijk.pdf"
    assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert attachment.municipality.name == "Kortrijk"


def test_a_pdf_is_recognised_by_its_content_not_its_name(client, clerk, application):
    response, _page = upload(client, application, "scan.docx", real_pdf(), type_code="statuten",
                             municipality=None)
    assert response.status_code == 302
    assert Attachment.objects.get(application=application).original_name == "scan.docx"


@pytest.mark.parametrize("content", [
    b"Dit is een tekstbestand met een andere naam.",
    b"PK\x03\x04 a word document renamed to pdf",
    b"%PDF-1.7\n this only looks like a PDF at the start\n%%EOF",
], ids=["text", "docx", "fake-header"])
def test_a_non_pdf_renamed_to_pdf_is_refused_and_nothing_is_kept(client, clerk, application, settings,
                                                                  content):
    response, page = upload(client, application, "beslissing.pdf", content)
    assert response.status_code == 400
    assert "'beslissing.pdf' is geen PDF-bestand." in page
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_an_oversized_file_is_refused_and_nothing_is_kept(client, clerk, application, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    content = real_pdf() + b"%" + b"0" * (1024 * 1024)  # a valid PDF padded beyond the limit
    response, page = upload(client, application, "groot.pdf", content)
    assert response.status_code == 400
    assert "Het bestand is te groot: een bijlage mag hoogstens 1 MB zijn." in page
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_the_limit_is_twenty_megabytes():
    from django.conf import settings

    assert settings.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_a_council_decision_names_its_member_municipality(client, clerk, application):
    response, page = upload(client, application, "beslissing.pdf", real_pdf(), municipality=None)
    assert "Kies voor welke deelnemende gemeente deze gemeenteraadsbeslissing is." in page
    response, page = upload(client, application, "beslissing.pdf", real_pdf(), municipality="Gent")
    assert response.status_code == 400  # Gent is not a member: not even offered in the list
    assert not Attachment.objects.exists()


def test_deleting_an_attachment_removes_its_file(client, clerk, application, settings,
                                                 django_capture_on_commit_callbacks):
    upload(client, application, "statuten.pdf", real_pdf(), type_code="statuten", municipality=None)
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the delete is committed
        response = client.post(reverse("application-attachment-delete", args=[application.pk, attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "served_as"), [
    ("begroting.hta", "begroting.pdf"), ("begroting.cmd", "begroting.pdf"),
    ("begroting.html", "begroting.pdf"),
    ("setup.exe", "setup.pdf"), ("..\\..\\Raadsbeslissing Kortrijk.PDF", "Raadsbeslissing Kortrijk.pdf"),
])
def test_an_attachment_is_always_downloaded_as_a_pdf(client, clerk, application, name, served_as):
    upload(client, application, name, real_pdf(), type_code="statuten", municipality=None)
    attachment = Attachment.objects.get()
    response = client.get(reverse("attachment-download", args=[application.pk, attachment.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{served_as}"'
    assert response["Content-Type"] == "application/pdf"


def test_what_follows_the_pdf_is_cut_and_the_checksum_is_of_what_is_kept(client, clerk, application):
    pdf = real_pdf()
    assert pdf.rstrip().endswith(b"%%EOF")
    upload(client, application, "statuten.pdf", pdf.rstrip() + b"\n<script>alert(1)</script>",
           type_code="statuten", municipality=None)
    attachment = Attachment.objects.get()
    stored = attachment.file.open("rb").read()
    assert stored == pdf.rstrip() + b"\n"
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest() and attachment.size == len(stored)
