"""Checks an uploaded attachment and stores it.

A file is accepted as PDF by its content, never by its name: it must start with the PDF
signature and pypdf must be able to read its pages; whatever follows its last %%EOF is cut.
Accepted files are stored under a random name in MEDIA_ROOT (outside the web root) with
their SHA-256, and are only ever served through a permission-checked view.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from grants.formatting import format_int

PDF_MAGIC = b"%PDF-"
EOF_MARKER = b"%%EOF"
CHUNK = 64 * 1024

logger = logging.getLogger(__name__)


def _too_big_message() -> str:
    megabytes = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    return _("Het bestand is te groot: een bijlage mag hoogstens %(mb)s MB zijn. "
             "Verklein de PDF (bijvoorbeeld met een lagere scanresolutie) en probeer opnieuw.") % {
        "mb": format_int(megabytes)}


def _not_pdf_message(name: str) -> str:
    return _("'%(name)s' is geen PDF-bestand. Bewaar of scan het document als PDF en "
             "laad het opnieuw op.") % {"name": name}


def check_pdf(uploaded) -> ContentFile:
    """Refuse anything but a readable PDF of at most MAX_UPLOAD_BYTES; return the PDF to store,
    cut after its last %%EOF, so nothing appended to it (a script, an archive) is ever served.
    The checks read the cut bytes: what is stored is what was checked."""
    if uploaded.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(_too_big_message(), code="too_big")
    uploaded.seek(0)
    pdf = ContentFile(_cut_after_last_eof(uploaded.read()), name=uploaded.name)
    if pdf.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError(_not_pdf_message(uploaded.name), code="not_pdf")
    pdf.seek(0)
    try:
        reader = PdfReader(pdf, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("'%(name)s' is beveiligd met een wachtwoord. Laad een PDF zonder "
                                    "wachtwoord op.") % {"name": uploaded.name}, code="encrypted")
        if len(reader.pages) < 1:
            raise ValidationError(_not_pdf_message(uploaded.name), code="not_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        logger.info("Unreadable PDF refused: %s", error)
        raise ValidationError(_not_pdf_message(uploaded.name), code="not_pdf") from None
    pdf.seek(0)
    return pdf


def _cut_after_last_eof(content: bytes) -> bytes:
    """The bytes up to the last end-of-file marker and its line end; a PDF without one is kept
    whole. Only bytes after every marker go, so an incrementally updated PDF stays intact."""
    end = content.rfind(EOF_MARKER)
    if end < 0:
        return content
    end += len(EOF_MARKER)
    for line_end in (b"\r\n", b"\n", b"\r"):
        if content.startswith(line_end, end):
            return content[:end + len(line_end)]
    return content[:end]


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks(CHUNK):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
