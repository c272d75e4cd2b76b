"""The reference lists a client needs to fill in an application: the codes the API accepts for
target groups, partners and attachment types, and the statuses an application passes through."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.models import ApplicationStatus, AttachmentType, PartnerType, TargetGroup


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttachmentType
        fields = ["code", "name", "description", "per_member_municipality"]


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class TargetGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The target groups an action may address (the codes of an action's ``target_groups``)."""

    serializer_class = CodeNameSerializer
    queryset = TargetGroup.objects.all()
    lookup_field = "code"
    updated_fields = ("updated_at",)


class PartnerTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of partner an action may work with (the codes of an action's ``partners``)."""

    serializer_class = CodeNameSerializer
    queryset = PartnerType.objects.all()
    lookup_field = "code"
    updated_fields = ("updated_at",)


class AttachmentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of attachment; a call names those it asks for (its ``attachment_types``)."""

    serializer_class = AttachmentTypeSerializer
    queryset = AttachmentType.objects.all()
    lookup_field = "code"
    updated_fields = ("updated_at",)


def choices_of(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


class StatusListView(APIView):
    @extend_schema(responses=ChoiceSerializer(many=True), operation_id="statuses_list")
    def get(self, request):
        """Every status an application can have, in the order of the lifecycle."""
        return Response(choices_of(ApplicationStatus.choices))
