"""Query filters (django-filter) for the API's lists."""

from datetime import UTC

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from grants.models import ApplicantKind, Application, ApplicationStatus, Call, Municipality, Province


class IdFilter(django_filters.Filter):
    """A database id: a whole number in the range every database stores (no overflow errors)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**31 - 1, **kwargs)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, compared in UTC: PostgreSQL refuses offsets beyond ±16 hours."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return value.astimezone(UTC) if value else value
        except OverflowError:
            raise forms.ValidationError(
                _("Geef een bestaand tijdstip, bijvoorbeeld 2023-01-31T17:00:00+01:00."), code="invalid",
            ) from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    call = django_filters.ModelChoiceFilter(queryset=Call.objects.all(), to_field_name="code")
    applicant = IdFilter(field_name="applicant_id")
    dossier_number = django_filters.CharFilter(lookup_expr="icontains")
    submitted_after = MomentFilter(field_name="submitted_at", lookup_expr="gte")

    class Meta:
        model = Application
        fields = ["status", "call", "applicant", "dossier_number", "submitted_after"]


class MunicipalityFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), to_field_name="nis_code")
    nis_code = django_filters.CharFilter()
    is_centrumstad = django_filters.BooleanFilter()

    class Meta:
        model = Municipality
        fields = ["name", "province", "nis_code", "is_centrumstad"]


class ApplicantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=ApplicantKind.choices)


class CallFilter(django_filters.FilterSet):
    code = django_filters.CharFilter()

    class Meta:
        model = Call
        fields = ["code"]


UPDATED_SINCE = "updated_since"
EXAMPLE_MOMENT = _("Geef een tijdstip, bijvoorbeeld 2023-01-31T17:00:00+01:00.")


def updated_since(request):
    """The moment of ?updated_since= (None when not asked); a Dutch 400 when it is no moment."""
    raw = request.query_params.get(UPDATED_SINCE)
    if raw is None:
        return None
    try:
        return UtcDateTimeField(error_messages={"invalid": EXAMPLE_MOMENT}).clean(raw)
    except forms.ValidationError as error:
        raise ValidationError({UPDATED_SINCE: error.messages}) from None


def changed_since(queryset, request, fields):
    """Only the rows changed (or made) at or after ?updated_since=, for incremental reads: a row
    counts as changed when any of its timestamp ``fields`` is that late."""
    moment = updated_since(request)
    if moment is None:
        return queryset
    changed = Q()
    for field in fields:
        changed |= Q(**{f"{field}__gte": moment})
    return queryset.filter(changed)


UPDATED_SINCE_HELP = _("Alleen wat op of na dit moment veranderde, bijvoorbeeld 2023-01-31T17:00:00+01:00: "
                       "lees zo alleen wat nieuw is sinds uw vorige keer.")
UPDATED_SINCE_PARAMETER = {"name": UPDATED_SINCE, "in": "query", "required": False,
                           "schema": {"type": "string", "format": "date-time"},
                           "description": UPDATED_SINCE_HELP}
# The same, for the lists that are not generic views (an application's attachments, notes, ...).
UPDATED_SINCE_QUERY = OpenApiParameter(UPDATED_SINCE, OpenApiTypes.DATETIME, description=UPDATED_SINCE_HELP)


class UpdatedSinceFilter(BaseFilterBackend):
    """``?updated_since=`` on every list whose view names its timestamps in ``updated_fields``."""

    def filter_queryset(self, request, queryset, view):
        fields = getattr(view, "updated_fields", ())
        return changed_since(queryset, request, fields) if fields else queryset

    def get_schema_operation_parameters(self, view):
        return [UPDATED_SINCE_PARAMETER] if getattr(view, "updated_fields", ()) else []
