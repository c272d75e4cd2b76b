"""File answers of the API (attachments, versions, decision letters, a batch's ZIP): the file
whatever the client accepts, its errors as JSON, and one place that says so in the schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.negotiation import BaseContentNegotiation


class FileNegotiation(BaseContentNegotiation):
    """The view answers with a FileResponse; anything else it says (an error) is JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0]


PDF_RESPONSE = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY,
                                                          description="Het PDF-bestand.")}
