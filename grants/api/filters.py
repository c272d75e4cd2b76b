"""Query filters (django-filter) for the API's lists."""

import django_filters
from django import forms

from grants.models import ApplicantKind, Application, ApplicationStatus, Call, Municipality, Province


class IdFilter(django_filters.Filter):
    """A database id: a whole number in the range every database stores (no overflow errors)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**31 - 1, **kwargs)


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    call = django_filters.ModelChoiceFilter(queryset=Call.objects.all(), to_field_name="code")
    applicant = IdFilter(field_name="applicant_id")
    dossier_number = django_filters.CharFilter(lookup_expr="icontains")
    submitted_after = django_filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")

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
