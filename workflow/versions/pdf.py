"""From a version to its PDF: the facts through the wording, laid out as the letters are."""

import io

from django.http import FileResponse

from workflow.letters.pdf import render_pdf
from workflow.letters.render import document_xml
from workflow.versions.content import version_context


def render_version(version) -> bytes:
    return render_pdf(document_xml("versions/versie.xml", version_context(version)))


def download_name(version) -> str:
    return f"{version.application.dossier_number}-v{version.number}.pdf"


def version_download(version) -> FileResponse:
    """The version as a PDF download, never kept in a shared cache (the page and the API)."""
    response = FileResponse(io.BytesIO(render_version(version)), as_attachment=True,
                            filename=download_name(version), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
