"""The cooperation agreements with VDAB and the regiegebieden through the API, as on the
department's agreements pages: where each municipality and regiegebied stands on a day, one's
history, a new change, a file of changes, the regiegebieden formed from a call's applications.

The writes are grants.agreements, the functions those pages call. A write, and a history (it
names who recorded what), is the department's: anyone else is refused (403) before a word about
the object or the input; then an unknown object is a 404, then bad input a 400 in Dutch. The
statuses on a day are the monitoring's: the department and the committee read them, to anyone
else they do not exist (404).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from grants.agreements import ImportRefused, form_regiegebieden, import_agreements, record_change
from grants.api.filters import UPDATED_SINCE_QUERY, changed_since, updated_since
from grants.models import AgreementChange, AgreementStatus, Call, Municipality, Regiegebied
from grants.roles import refuse_unless_department
from monitoring.agreements import changed_after, municipalities_on, regiegebieden_on
from monitoring.api import readable_call, readers_only

# The API's dates are JJJJ-MM-DD; the department's own dd/mm/jjjj is accepted too.
DATE_INPUT = {"input_formats": ["iso-8601", "%d/%m/%Y"],
              "error_messages": {"invalid": gettext_lazy("Geef een datum als JJJJ-MM-DD of dd/mm/jjjj."),
                                 "required": gettext_lazy("Vul de datum in.")}}
STATUS_HELP = gettext_lazy("null: op die dag nog niets geregistreerd.")


# Where each stands on a day ---------------------------------------------------------------

class ReferenceDateSerializer(serializers.Serializer):
    reference_date = serializers.DateField(required=False, **DATE_INPUT,
                                           help_text=gettext_lazy("Peildatum; standaard vandaag."))


class AgreementStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    province = serializers.CharField(source="province.name")
    agreement_status = serializers.ChoiceField(choices=AgreementStatus.choices, allow_null=True,
                                               help_text=STATUS_HELP)
    expected_signature = serializers.DateField(allow_null=True, help_text=gettext_lazy(
        "De verwachte ondertekening, zoals op die dag gekend (telt mee in de prognose)."))


class MunicipalityStateSerializer(AgreementStateSerializer):
    nis_code = serializers.CharField()


class RegiegebiedStateSerializer(AgreementStateSerializer):
    population = serializers.IntegerField(allow_null=True)
    municipalities = serializers.SerializerMethodField(help_text=gettext_lazy("NIS-codes van de gemeenten."))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_municipalities(self, regiegebied) -> list[str]:
        return sorted(m.nis_code for m in regiegebied.municipalities.all())  # prefetched


def _on_the_day(request, queryset_on, unit: str):
    """The rows as they stood on ?reference_date=, only those changed since ?updated_since=."""
    dates = ReferenceDateSerializer(data=request.query_params)
    dates.is_valid(raise_exception=True)
    queryset = queryset_on(dates.validated_data.get("reference_date") or timezone.localdate())
    moment = updated_since(request)
    return queryset if moment is None else changed_after(queryset, moment, unit)


class MunicipalityStateListView(APIView):
    @extend_schema(parameters=[ReferenceDateSerializer, UPDATED_SINCE_QUERY],
                   responses=MunicipalityStateSerializer(many=True),
                   operation_id="monitoring_municipalities_list")
    def get(self, request):
        """The municipalities that existed on the reference date, each with the status of its
        cooperation agreement with VDAB on that day (the department and the committee)."""
        readers_only(request)
        municipalities = _on_the_day(request, municipalities_on, "municipality")
        return Response(MunicipalityStateSerializer(municipalities.order_by("province__name", "name", "pk"),
                                                    many=True).data)


class FormedSerializer(serializers.Serializer):
    formed = serializers.IntegerField(help_text=gettext_lazy(
        "Hoeveel regiegebieden de ingediende aanvragen van de oproep vormen."))


class RegiegebiedenView(APIView):
    @extend_schema(parameters=[ReferenceDateSerializer, UPDATED_SINCE_QUERY],
                   responses=RegiegebiedStateSerializer(many=True),
                   operation_id="monitoring_regiegebieden_list")
    def get(self, request, code):
        """The call's regiegebieden: name, province, population, municipalities, and the status of
        their cooperation agreement with VDAB on the reference date (the department and the committee)."""
        call = readable_call(request, code)
        regiegebieden = _on_the_day(request, lambda day: regiegebieden_on(call, day), "regiegebied")
        return Response(RegiegebiedStateSerializer(regiegebieden.prefetch_related("municipalities"),
                                                   many=True).data)

    @extend_schema(request=None, responses=FormedSerializer, operation_id="monitoring_regiegebieden_form")
    def post(self, request, code):
        """Every submitted (or decided) application of the call forms its regiegebied, or brings it
        up to date with its members, as the department's button does (department only)."""
        refuse_unless_department(request.user)
        formed = form_regiegebieden(request.user, get_object_or_404(Call, code=code))
        return Response({"formed": formed})


# One municipality's or regiegebied's history, and a change -----------------------------------

class AgreementChangeSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AgreementChange
        fields = ["id", "status", "since", "expected_signature", "recorded_by", "recorded_at"]


class AgreementChangeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AgreementStatus.choices, error_messages={
        "required": gettext_lazy("Kies een status."),
        "invalid_choice": gettext_lazy("Onbekende status “{input}”: kies afgesloten, in_onderhandeling of "
                                       "op_te_starten.")})
    since = serializers.DateField(**DATE_INPUT, help_text=gettext_lazy("De dag waarop deze status inging."))
    expected_signature = serializers.DateField(
        required=False, allow_null=True, **DATE_INPUT,
        help_text=gettext_lazy("Alleen als de overeenkomst nog niet is afgesloten; telt mee in de prognose."))


class AgreementHistoryView(APIView):
    """A subclass names the model and the field of AgreementChange that points to it."""

    model: type = Municipality
    unit = "municipality"

    def _unit(self, request, pk):
        refuse_unless_department(request.user)  # before the object and the input
        return get_object_or_404(self.model, pk=pk)

    def get(self, request, pk):
        """The changes of its agreement, newest first, with who recorded each (department only)."""
        history = self._unit(request, pk).agreement_changes.select_related("recorded_by")
        history = changed_since(history, request, ["recorded_at"]).order_by("-since", "-pk")
        return Response(AgreementChangeSerializer(history, many=True).data)

    def post(self, request, pk):
        """Record a change of its agreement: the history keeps the earlier ones (department only)."""
        self._unit(request, pk)
        serializer = AgreementChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = record_change(request.user, **{f"{self.unit}_id": pk}, **serializer.validated_data)
        return Response(AgreementChangeSerializer(change).data, status=status.HTTP_201_CREATED)


def _history_schema(unit: str):
    return extend_schema_view(
        get=extend_schema(parameters=[UPDATED_SINCE_QUERY], responses=AgreementChangeSerializer(many=True),
                          operation_id=f"monitoring_{unit}_agreement_changes_list"),
        post=extend_schema(request=AgreementChangeInputSerializer,
                           responses={201: AgreementChangeSerializer},
                           operation_id=f"monitoring_{unit}_agreement_changes_create"))


@_history_schema("municipality")
class MunicipalityAgreementView(AgreementHistoryView):
    model, unit = Municipality, "municipality"


@_history_schema("regiegebied")
class RegiegebiedAgreementView(AgreementHistoryView):
    model, unit = Regiegebied, "regiegebied"


# A file of changes -------------------------------------------------------------------------

@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """The file itself, sent as a multipart part (documented as binary, not as a link)."""


class AgreementImportSerializer(serializers.Serializer):
    file = UploadField(help_text=gettext_lazy(
        "CSV (; of ,) of XLSX, met de kopregel: soort;code;status;sinds;verwachte ondertekening. Soort is "
        "gemeente (code: NIS-code) of regiegebied (code: de naam, in deze oproep); datums als dd/mm/jjjj."),
        error_messages={"required": gettext_lazy("Kies een bestand."),
                        "invalid": gettext_lazy("Stuur het bestand als multipart-deel “file”.")})


class ImportedSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(help_text=gettext_lazy("Het aantal ingelezen wijzigingen."))


class AgreementImportView(APIView):
    # A file: the one request body that is not JSON (the configured multipart parser, with its checks).
    parser_classes = [p for p in api_settings.DEFAULT_PARSER_CLASSES if p.media_type == "multipart/form-data"]

    @extend_schema(request={"multipart/form-data": AgreementImportSerializer},
                   responses={201: ImportedSerializer}, operation_id="monitoring_agreement_imports_create")
    def post(self, request, code):
        """Load a file of agreement changes, all or nothing: a refused file changes nothing and
        names what is wrong on each line, in ``fields.file`` (department only)."""
        refuse_unless_department(request.user)
        call = get_object_or_404(Call, code=code)
        serializer = AgreementImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            recorded = import_agreements(request.user, serializer.validated_data["file"], call)
        except ImportRefused as refused:
            raise ValidationError({
                NON_FIELD_ERRORS: [_("Het bestand is niet ingelezen: er is niets veranderd. Verbeter de "
                                     "regels hieronder en stuur het opnieuw.")],
                "file": refused.errors}) from None
        return Response({"recorded": recorded}, status=status.HTTP_201_CREATED)
