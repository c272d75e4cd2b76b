"""Which municipalities take part, as the API names them (NIS codes), and the applicant's
check that it may still change an application, asked before its input is read."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from grants import services
from grants.models import Applicant, Call, Municipality


def may_edit(user, pk):
    """404, 403 or 409 as the write itself would answer, before a word about the input."""
    with transaction.atomic():  # editable_application locks the row
        return services.editable_application(user, pk)


NIS_CODES = serializers.ListField(
    child=serializers.CharField(max_length=10), max_length=400,
    help_text=gettext_lazy("NIS-codes van de deelnemende gemeenten (een centrumstad: alleen zichzelf)."))


class ApplicationCreateSerializer(serializers.Serializer):
    applicant = serializers.PrimaryKeyRelatedField(
        queryset=Applicant.objects.all(), help_text=gettext_lazy("De organisatie die de aanvraag indient."))
    call = serializers.SlugRelatedField(slug_field="code", queryset=Call.objects.all())
    municipalities = NIS_CODES


class MembersSerializer(serializers.Serializer):
    municipalities = NIS_CODES


def municipality_ids(call: Call, nis_codes: list[str]) -> list[int]:
    """The municipalities by NIS code as they exist in the call's period; a 400 naming unknown codes."""
    found = dict(Municipality.objects.valid_on(call.period_start).filter(nis_code__in=nis_codes)
                 .values_list("nis_code", "pk"))
    if unknown := [code for code in nis_codes if code not in found]:
        raise ValidationError({"municipalities": _("Onbekende NIS-code(s): %(codes)s.")
                               % {"codes": ", ".join(unknown)}})
    return list(found.values())
