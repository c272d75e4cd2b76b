"""The department's batches of decision letters through the API: start one for a call, follow
its progress, download the ZIP, as on the letters page (workflow.letters does the work)."""

from django.db import transaction
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.api.pdf import FileNegotiation
from grants.models import Call
from workflow.letters import selectors, services
from workflow.letters.tasks import make_letter_batch
from workflow.models import LetterBatch


class LetterBatchSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="code", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = LetterBatch
        fields = ["id", "call", "status", "total", "done", "percent", "requested_at", "finished_at",
                  "has_file"]

    def get_has_file(self, batch) -> bool:
        return bool(batch.file)


class LetterBatchCreateView(APIView):
    @extend_schema(request=None, responses={201: LetterBatchSerializer},
                   operation_id="calls_letter_batches_create")
    def post(self, request, pk):
        """Make every decided application's letter of the call, bundled as one ZIP (department)."""
        batch = services.start_batch(request.user, get_object_or_404(Call, pk=pk))
        transaction.on_commit(lambda: make_letter_batch.delay(batch.pk))
        return Response(LetterBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class LetterBatchView(APIView):
    @extend_schema(responses=LetterBatchSerializer, operation_id="letter_batches_retrieve")
    def get(self, request, pk):
        """A batch's progress; once done, its ZIP is at zip/."""
        return Response(LetterBatchSerializer(selectors.batch_for(request.user, pk)).data)


class LetterBatchZipView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY)},
                   operation_id="letter_batches_zip")
    def get(self, request, pk):
        """The letters of the batch in one ZIP, once it is done."""
        batch = selectors.batch_for(request.user, pk)
        if not batch.file:
            raise Http404
        return FileResponse(batch.file.open("rb"), as_attachment=True, content_type="application/zip",
                            filename=f"beslissingsbrieven-{batch.call.code}.zip")
