"""Registrations of new samenwerkingsverbanden and an application's partnership (bestaand,
gewijzigd, nieuw; who joined or left) through the API, over the same services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants import registrations, services
from grants.api.filters import UPDATED_SINCE_QUERY, changed_since
from grants.api.members import may_edit, municipality_ids
from grants.models import ApplicantKind, LegalForm, Municipality, PartnershipStatus, Registration


class RegistrationSerializer(serializers.ModelSerializer):
    lead_municipality = serializers.SlugRelatedField(slug_field="nis_code", read_only=True)
    members = serializers.SlugRelatedField(slug_field="nis_code", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "name", "kind", "legal_form", "kbo_number", "lead_municipality", "members", "email",
                  "status", "reason", "registered_at", "decided_at", "applicant"]


def nis_codes(help_text):
    return serializers.ListField(child=serializers.CharField(max_length=10), max_length=400, required=False,
                                 help_text=help_text)


class RegistrationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    legal_form = serializers.ChoiceField(choices=LegalForm.choices, required=False, allow_blank=True)
    kbo_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    lead_municipality = serializers.SlugRelatedField(
        slug_field="nis_code", queryset=Municipality.objects.all(),
        help_text=gettext_lazy("NIS-code van de penvoerder: een gemeente waarvoor u optreedt."))
    members = nis_codes(gettext_lazy("NIS-codes van de deelnemende gemeenten; de penvoerder neemt altijd "
                                     "deel."))
    email = serializers.EmailField(required=False, allow_blank=True)


class RegistrationListView(APIView):
    @extend_schema(responses=RegistrationSerializer(many=True), operation_id="registrations_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request):
        """Your registrations (the department: all of them)."""
        found = registrations.registrations_of(request.user).select_related("lead_municipality")
        found = changed_since(found.prefetch_related("members"), request, ("registered_at", "decided_at"))
        return Response(RegistrationSerializer(found, many=True).data)

    @extend_schema(request=RegistrationCreateSerializer, responses={201: RegistrationSerializer},
                   operation_id="registrations_create")
    def post(self, request):
        """Register a new samenwerkingsverband (or centrumstad) led by a municipality you act for."""
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["members"] = list(Municipality.objects.filter(nis_code__in=data.get("members", [])))
        registration = registrations.register(request.user, data)
        return Response(RegistrationSerializer(registration).data, status=201)


class RegistrationStepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class RegistrationStepView(APIView):
    @extend_schema(request=RegistrationStepSerializer, responses=RegistrationSerializer,
                   operation_id="registrations_step",
                   parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH,
                                                enum=[*registrations.STEPS_BY_NAME])])
    def post(self, request, pk, name):
        """Confirm or refuse a registration (the department; a refusal needs a reason)."""
        serializer = RegistrationStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = registrations.fire_registration(request.user, pk, name,
                                                       serializer.validated_data.get("reason", ""))
        return Response(RegistrationSerializer(get_object_or_404(Registration, pk=registration.pk)).data)


class PartnershipSerializer(serializers.Serializer):
    partnership_status = serializers.ChoiceField(choices=PartnershipStatus.choices)
    joined = nis_codes(gettext_lazy("NIS-codes van de deelnemende gemeenten die sinds de vorige periode "
                                    "toetraden."))
    left = nis_codes(gettext_lazy("NIS-codes van de gemeenten die sinds de vorige periode uitstapten."))


class PartnershipView(APIView):
    @extend_schema(request=PartnershipSerializer, responses=PartnershipSerializer,
                   operation_id="applications_partnership")
    def put(self, request, pk):
        """Whether the samenwerkingsverband is bestaand, gewijzigd or nieuw since the previous
        period, and which municipalities (NIS codes) joined or left."""
        application = may_edit(request.user, pk)
        serializer = PartnershipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.save_partnership(request.user, pk, data["partnership_status"],
                                  municipality_ids(application.call, data.get("joined", [])),
                                  municipality_ids(application.call, data.get("left", [])))
        return Response(data)
