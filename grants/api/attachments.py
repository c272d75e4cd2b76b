"""An application's attachments through the API: list, upload (multipart, the page's checks),
download and delete. The rules are grants.services, the same functions the portal's page calls;
here only codes become rows."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from grants import services
from grants.api.filters import UPDATED_SINCE_QUERY, changed_since
from grants.api.members import may_edit
from grants.api.pdf import PDF_RESPONSE, FileNegotiation
from grants.models import Attachment, Municipality
from grants.selectors import get_application_for


class AttachmentSerializer(serializers.ModelSerializer):
    attachment_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="nis_code", read_only=True, allow_null=True)
    download_name = serializers.CharField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "attachment_type", "municipality", "original_name", "download_name", "size", "sha256",
                  "uploaded_at"]


@extend_schema_field(OpenApiTypes.BINARY)
class PdfUploadField(serializers.FileField):
    """The file itself, sent as a multipart part (documented as binary, not as a link)."""


class AttachmentUploadSerializer(serializers.Serializer):
    attachment_type = serializers.CharField(
        max_length=60, help_text=gettext_lazy("De code van het bijlagetype (zie /attachment-types/)."))
    municipality = serializers.CharField(
        max_length=10, required=False, allow_blank=True,
        help_text=gettext_lazy("NIS-code van de deelnemende gemeente, voor een bijlage per gemeente."))
    file = PdfUploadField(help_text=gettext_lazy("Een PDF."))


class AttachmentListView(APIView):
    # A file: the one request body that is not JSON (the configured multipart parser, with its checks).
    parser_classes = [p for p in api_settings.DEFAULT_PARSER_CLASSES if p.media_type == "multipart/form-data"]

    @extend_schema(responses=AttachmentSerializer(many=True), operation_id="applications_attachments_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request, pk):
        """The uploaded attachments, each with its type code and, if per municipality, its NIS code."""
        application = get_application_for(request.user, pk)
        attachments = changed_since(application.attachments.select_related("attachment_type", "municipality"),
                                    request, ["uploaded_at"])
        return Response(AttachmentSerializer(attachments, many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: AttachmentSerializer}, operation_id="applications_attachments_create")
    def post(self, request, pk):
        """Upload a PDF: the same checks as on the page (a readable PDF, not too large)."""
        application = may_edit(request.user, pk)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind = application.call.mandatory_attachment_types.filter(code=data["attachment_type"]).first()
        if kind is None:
            raise ValidationError({"attachment_type": _("Dit bijlagetype hoort niet bij deze oproep.")})
        municipality = Municipality.objects.filter(nis_code=data.get("municipality") or None).first()
        try:
            attachment = services.upload_attachment(request.user, pk, kind.pk,
                                                    municipality.pk if municipality else None, data["file"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"file": error.messages}) from None  # the file's own checks
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="applications_attachments_download")
    def get(self, request, pk, attachment_id):
        """The attachment's PDF, for who may see the application."""
        application = get_application_for(request.user, pk)
        attachment = application.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Attachment.DoesNotExist
        response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                                filename=attachment.download_name, content_type="application/pdf")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(responses={204: None}, operation_id="applications_attachments_destroy")
    def delete(self, request, pk, attachment_id):
        """Remove an attachment while the application is editable."""
        services.delete_attachment(request.user, pk, attachment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

