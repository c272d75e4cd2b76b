"""The monitoring through the API (/api/v1/monitoring/), for the department and the monitoring
committee; to anyone else it does not exist (404). The same selectors as the pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.models import Call
from grants.roles import may_read_monitoring
from monitoring.agreements import default_forecast, parliamentary_table


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
        if not may_read_monitoring(request.user):
            raise Http404
        call = get_object_or_404(Call, code=code)
        dates = ParliamentaryTableDatesSerializer(data=request.query_params)
        dates.is_valid(raise_exception=True)
        reference = dates.validated_data.get("reference_date") or timezone.localdate()
        forecast = dates.validated_data.get("forecast_date") or default_forecast(reference)
        return Response(ParliamentaryTableSerializer(parliamentary_table(call, reference, forecast)).data)
