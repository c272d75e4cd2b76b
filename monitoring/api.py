"""The monitoring's figures through the API (/api/v1/monitoring/), for the department and the
monitoring committee; to anyone else they do not exist (404). The same selectors as the pages:
the parliamentary table, the dashboard and the aggregates. (The agreements and regiegebieden
themselves: monitoring.api_agreements.)"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.models import Call
from grants.roles import may_read_monitoring
from monitoring.aggregates import call_aggregates
from monitoring.agreements import default_forecast, parliamentary_table
from monitoring.dashboard import call_dashboard


def readers_only(request) -> None:
    """The monitoring is for who may read it; for anyone else it does not exist (404)."""
    if not may_read_monitoring(request.user):
        raise Http404


def readable_call(request, code) -> Call:
    readers_only(request)
    return get_object_or_404(Call, code=code)


class ParliamentaryTableDatesSerializer(serializers.Serializer):
    reference_date = serializers.DateField(required=False,
                                           help_text=_("Peildatum (JJJJ-MM-DD); standaard vandaag."))
    forecast_date = serializers.DateField(
        required=False,
        help_text=_("Datum van de prognose (JJJJ-MM-DD); standaard 31/12 van het jaar van de peildatum."))

    def validate(self, data):
        reference, forecast = data.get("reference_date"), data.get("forecast_date")
        if reference and forecast and forecast < reference:
            message = _("De prognose moet op of na de peildatum liggen.")
            raise serializers.ValidationError({"forecast_date": message})
        return data


class AgreementCountSerializer(serializers.Serializer):
    part = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField(
        source="percent_number", help_text=_("Afgerond zoals het departement rapporteert (72 voor 46/64)."))


class ParliamentaryTableRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    municipalities = AgreementCountSerializer()
    municipalities_forecast = AgreementCountSerializer()
    regiegebieden = AgreementCountSerializer()
    regiegebieden_forecast = AgreementCountSerializer()


class ParliamentaryTableSerializer(serializers.Serializer):
    call = serializers.CharField(source="call.code")
    reference_date = serializers.DateField(source="reference")
    forecast_date = serializers.DateField(source="forecast")
    provinces = ParliamentaryTableRowSerializer(many=True)
    flanders = ParliamentaryTableRowSerializer()
    notes = serializers.ListField(child=serializers.CharField())


class ParliamentaryTableView(APIView):
    """Per province and for Flanders: municipalities and regiegebieden with a cooperation
    agreement with VDAB on the reference date, and the forecast (written question 34)."""

    @extend_schema(parameters=[ParliamentaryTableDatesSerializer], responses=ParliamentaryTableSerializer)
    def get(self, request, code):
        call = readable_call(request, code)
        dates = ParliamentaryTableDatesSerializer(data=request.query_params)
        dates.is_valid(raise_exception=True)
        reference = dates.validated_data.get("reference_date") or timezone.localdate()
        forecast = dates.validated_data.get("forecast_date") or default_forecast(reference)
        return Response(ParliamentaryTableSerializer(parliamentary_table(call, reference, forecast)).data)


# The dashboard ---------------------------------------------------------------------------

def _money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class StateCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ProvinceCoverageSerializer(serializers.Serializer):
    name = serializers.CharField()
    total = serializers.IntegerField(help_text=_("Gemeenten bij de start van de oproep."))
    submitted = serializers.IntegerField(help_text=_("Gemeenten in een ingediende aanvraag."))
    granted = serializers.IntegerField(help_text=_("Gemeenten in een toegekende aanvraag."))
    vdab_agreement = serializers.IntegerField(
        source="vdab",
        help_text=_("Gemeenten met een afgesloten samenwerkingsovereenkomst met VDAB, vandaag."))
    regiegebieden = serializers.IntegerField(help_text=_("Regiegebieden van de oproep (provincie van de "
                                                         "penvoerder)."))
    population = serializers.IntegerField()
    population_submitted = serializers.IntegerField()
    population_granted = serializers.IntegerField()


class YearMoneySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    envelope = _money(help_text=_("Het budget van dat jaar."))
    requested = _money(help_text=_("Gevraagd in de ingediende aanvragen."))
    granted = _money(help_text=_("Toegekend in de beslissingen."))
    exceeded = serializers.BooleanField(help_text=_("Meer toegekend dan het budget."))


class UncoveredSerializer(serializers.Serializer):
    nis_code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(source="province_name")
    population = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    call = serializers.CharField(source="call.code")
    applications = serializers.IntegerField()
    states = serializers.SerializerMethodField()
    provinces = ProvinceCoverageSerializer(many=True)
    flanders = ProvinceCoverageSerializer()
    money = YearMoneySerializer(many=True)
    uncovered = UncoveredSerializer(many=True, help_text=_("Gemeenten in geen enkele aanvraag."))

    @extend_schema_field(StateCountSerializer(many=True))
    def get_states(self, board) -> list[dict]:
        return [{"status": status, "label": label, "count": count} for status, label, count in board.states]


class DashboardView(APIView):
    """The dashboard's figures: applications per status, the municipalities' coverage per
    province and for Flanders, the budget per year, the municipalities in no application."""

    @extend_schema(responses=DashboardSerializer, operation_id="monitoring_dashboard")
    def get(self, request, code):
        return Response(DashboardSerializer(call_dashboard(readable_call(request, code))).data)


# The aggregates --------------------------------------------------------------------------

class TargetYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    planned = _money()
    realised = _money(allow_null=True, help_text=_("Leeg tot de jaarrapporten er zijn."))


class TargetSerializer(serializers.Serializer):
    unit = serializers.CharField()
    per_year = serializers.SerializerMethodField()

    @extend_schema_field(TargetYearSerializer(many=True))
    def get_per_year(self, target) -> list[dict]:
        return TargetYearSerializer([{"year": year, "planned": planned, "realised": realised}
                                     for year, planned, realised in target.per_year], many=True).data


class PriorityRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    applications = serializers.IntegerField()
    actions = serializers.IntegerField()
    targets = TargetSerializer(
        many=True, help_text=_("De indicatoren per eenheid, hun streefwaarden per jaar opgeteld."))


class GroupRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    applications = serializers.IntegerField()
    actions = serializers.IntegerField()


class ProvinceRowSerializer(GroupRowSerializer):
    requested = _money(help_text=_("Gevraagde subsidie (provincie van de penvoerder)."))


class AggregatesSerializer(serializers.Serializer):
    call = serializers.CharField(source="call.code")
    priorities = PriorityRowSerializer(many=True)
    target_groups = GroupRowSerializer(many=True)
    provinces = ProvinceRowSerializer(many=True)


class AggregatesView(APIView):
    """What the submitted plans set out to do, per policy priority, per target group and per
    province: applications, actions, targets per year (and, once reported, realised)."""

    @extend_schema(responses=AggregatesSerializer, operation_id="monitoring_aggregates")
    def get(self, request, code):
        return Response(AggregatesSerializer(call_aggregates(readable_call(request, code))).data)
