"""Read endpoints for reference data and applications, and the applicant's one write."""

import hashlib
import json

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from grants import services
from grants.api import filters, serializers
from grants.api.members import ApplicationCreateSerializer, MembersSerializer, may_edit, municipality_ids
from grants.models import Action, ApplicationMunicipality, Call, Municipality
from grants.roles import refuse_unless_department
from grants.selectors import applicants_of, applications_visible_to, get_application_for


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls for applications, with their priorities and years."""

    serializer_class = serializers.CallSerializer
    filterset_class = filters.CallFilter
    updated_fields = ("updated_at",)
    lookup_value_regex = r"\d+"
    queryset = Call.objects.prefetch_related("priorities", "mandatory_attachment_types", "criteria")


@extend_schema_view(partial_update=extend_schema(request=serializers.VdabAgreementSerializer,
                                                 responses=serializers.MunicipalitySerializer))
class MunicipalityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                          viewsets.GenericViewSet):
    """The municipalities, with the live applications (that you may see) they take part in.

    The department records with PATCH since when one has a cooperation agreement with VDAB."""

    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    updated_fields = ("updated_at",)
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        refuse_unless_department(request.user)  # before a word about the input
        serializer = serializers.VdabAgreementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        since = serializer.validated_data["vdab_agreement_since"]
        services.set_vdab_agreement(request.user, kwargs["pk"], since)
        return Response(serializers.MunicipalitySerializer(self.get_object()).data)

    def get_queryset(self):
        coverage = ApplicationMunicipality.objects.filter(
            active=True, application__in=applications_visible_to(self.request.user)
        ).select_related("call", "application__applicant")
        return Municipality.objects.select_related("province").prefetch_related(
            Prefetch("applicationmunicipality_set", queryset=coverage, to_attr="visible_coverage")
        )


class ApplicantViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicant organisations: your own, or all of them for the department."""

    serializer_class = serializers.ApplicantSerializer
    filterset_class = filters.ApplicantFilter
    updated_fields = ("updated_at",)
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return applicants_of(self.request.user).select_related("lead_municipality")


def _detail_prefetches():
    return [
        Prefetch("memberships", queryset=ApplicationMunicipality.objects.filter(active=True)
                 .select_related("municipality"), to_attr="active_memberships"),
        Prefetch("actions", queryset=Action.objects.select_related("priority").prefetch_related(
            "years", "target_groups", "partners", "indicators")),
        "budget_lines",
    ]


def application_detail(user, pk) -> dict:
    """The application as its detail shows it to this user (404 when not theirs to see)."""
    queryset = applications_visible_to(user).select_related("call", "applicant__lead_municipality")
    return serializers.ApplicationDetailSerializer(
        get_application_for(user, pk, queryset=queryset.prefetch_related(*_detail_prefetches()))).data


def etag_of(data) -> str:
    """A strong validator of exactly what this user receives, nested plan included."""
    body = json.dumps(data, sort_keys=True, default=str).encode()
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


# The detail's validator: sent with every detail, asked back in If-None-Match.
ETAG = OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=[200, 201], description=_(
    "Een validator van precies dit antwoord: stuur hem terug in If-None-Match."))
IF_NONE_MATCH = OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False, description=_(
    "De ETag van een vorig antwoord: 304 zonder inhoud als er sindsdien niets veranderde."))


@extend_schema_view(
    retrieve=extend_schema(parameters=[IF_NONE_MATCH, ETAG], responses={
        200: serializers.ApplicationDetailSerializer,
        304: OpenApiResponse(description=_("Niet gewijzigd sinds uw ETag."))}),
    partial_update=extend_schema(request=serializers.ApplicationUpdateSerializer, parameters=[ETAG],
                                 responses=serializers.ApplicationDetailSerializer),
    create=extend_schema(request=ApplicationCreateSerializer, parameters=[ETAG],
                         responses={201: serializers.ApplicationDetailSerializer}),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Applications you may see; with their plan, actions, indicators and budget in detail.

    The detail carries an ETag: send it back in If-None-Match to get a 304 when nothing changed.
    Start one with POST (organisation, call, member municipalities), as on the portal's start page;
    change texts and contacts with PATCH while the application is editable; the status only
    changes through the transitions.
    """

    filterset_class = filters.ApplicationFilter
    updated_fields = ("updated_at",)
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = applications_visible_to(self.request.user).select_related(
            "call", "applicant__lead_municipality")
        if self.action == "list":
            return queryset
        return queryset.prefetch_related(*_detail_prefetches())

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ApplicationListSerializer
        if self.action == "partial_update":
            return serializers.ApplicationUpdateSerializer
        if self.action == "create":
            return ApplicationCreateSerializer
        return serializers.ApplicationDetailSerializer

    def get_object(self):
        return get_application_for(self.request.user, self.kwargs["pk"], queryset=self.get_queryset())

    def retrieve(self, request, *args, **kwargs):
        data = serializers.ApplicationDetailSerializer(self.get_object()).data
        etag = etag_of(data)
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def create(self, request, *args, **kwargs):
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = municipality_ids(data["call"], data["municipalities"])
        application = services.start_application(request.user, data["applicant"].pk, data["call"].pk, ids)
        data = application_detail(request.user, application.pk)
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag_of(data)})

    def partial_update(self, request, *args, **kwargs):
        may_edit(request.user, kwargs["pk"])
        serializer = serializers.ApplicationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        with transaction.atomic():  # the portal's two writes, all or nothing
            services.save_plan(request.user, kwargs["pk"], changes)
            services.save_contacts(request.user, kwargs["pk"], changes)
        data = serializers.ApplicationDetailSerializer(self.get_object()).data
        return Response(data, headers={"ETag": etag_of(data)})



class MembersView(APIView):
    @extend_schema(request=MembersSerializer, responses=serializers.ApplicationDetailSerializer,
                   operation_id="applications_municipalities_update", parameters=[ETAG])
    def put(self, request, pk):
        """Replace the member municipalities (NIS codes) while the application is editable."""
        application = may_edit(request.user, pk)
        serializer = MembersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = municipality_ids(application.call, serializer.validated_data["municipalities"])
        services.set_members(request.user, pk, ids)
        data = application_detail(request.user, pk)
        return Response(data, headers={"ETag": etag_of(data)})
