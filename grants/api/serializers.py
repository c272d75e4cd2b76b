"""How grants' objects look in the API. Serializers only shape data and check types; the
applicant's writes and their rules are grants.services, the same as the portal's."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grants.completeness import missing_items
from grants.models import (
    Action,
    Applicant,
    Application,
    ApplicationMunicipality,
    AssessmentCriterion,
    BudgetLine,
    Call,
    Indicator,
    Municipality,
    PolicyPriority,
)
from grants.services import CONTACT_FIELDS, PLAN_FIELDS


class PrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyPriority
        fields = ["code", "title"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentCriterion
        fields = ["id", "code", "title", "description", "max_score"]


class CallSerializer(serializers.ModelSerializer):
    priorities = PrioritySerializer(many=True, read_only=True)
    attachment_types = serializers.SlugRelatedField(
        source="mandatory_attachment_types", slug_field="code", many=True, read_only=True,
        help_text=_("De codes van de bijlagen die deze oproep vraagt (zie /attachment-types/)."))
    criteria = CriterionSerializer(many=True, read_only=True,
                                   help_text=_("Het beoordelingsrooster: een score per criterium."))
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Call
        fields = [
            "id", "code", "title", "legal_basis", "dossier_prefix", "period_start", "period_end", "years",
            "opens_at", "deadline", "decision_expected", "annual_envelope", "minimum_population",
            "eligible_kinds", "priorities", "attachment_types", "criteria", "is_rehearsal",
        ]


class CoverageSerializer(serializers.ModelSerializer):
    """A live application (that the user may see) of which the municipality is a member."""

    application = serializers.IntegerField(source="application_id", read_only=True)
    call = serializers.SlugRelatedField(slug_field="code", read_only=True)
    dossier_number = serializers.CharField(source="application.dossier_number", allow_null=True)
    applicant = serializers.CharField(source="application.applicant.name")

    class Meta:
        model = ApplicationMunicipality
        fields = ["call", "application", "dossier_number", "applicant"]


class MunicipalitySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.name", read_only=True)
    coverage = CoverageSerializer(source="visible_coverage", many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "id", "nis_code", "name", "province", "arrondissement", "population", "population_year",
            "is_centrumstad", "valid_from", "valid_until", "vdab_agreement_since", "coverage",
        ]


class VdabAgreementSerializer(serializers.Serializer):
    vdab_agreement_since = serializers.DateField(allow_null=True, help_text=_(
        "Sinds wanneer de gemeente een samenwerkingsovereenkomst met VDAB heeft; null: geen."))


class ApplicantSerializer(serializers.ModelSerializer):
    lead_municipality = serializers.CharField(source="lead_municipality.name", read_only=True)

    class Meta:
        model = Applicant
        fields = ["id", "name", "kind", "legal_form", "kbo_number", "lead_municipality", "address", "email"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=2))

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "targets"]


class ActionSerializer(serializers.ModelSerializer):
    priority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    years = serializers.SlugRelatedField(slug_field="year", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = ["id", "priority", "title", "description", "years", "target_groups", "partners",
                  "bbc_code", "indicators"]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "year", "category", "source", "amount", "description"]


class MissingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    section = serializers.CharField()


class ApplicationListSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="code", read_only=True)
    applicant = ApplicantSerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "dossier_number", "status", "call", "applicant", "created_at", "updated_at",
                  "submitted_at"]


# What the applicant may change through the API while the application is editable.
EDITABLE_FIELDS = [*PLAN_FIELDS, *CONTACT_FIELDS]


class ApplicationDetailSerializer(ApplicationListSerializer):
    municipalities = serializers.SerializerMethodField(help_text=_("NIS-codes van de deelnemende gemeenten."))
    actions = ActionSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField(help_text=_("Wat nog ontbreekt om in te dienen."))
    is_editable = serializers.BooleanField(read_only=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [*ApplicationListSerializer.Meta.fields, "is_editable", "municipalities", *EDITABLE_FIELDS,
                  "actions", "budget_lines", "missing"]
        read_only_fields = ["status", "dossier_number"]

    def get_municipalities(self, application) -> list[str]:
        return [m.municipality.nis_code for m in application.active_memberships]

    @extend_schema_field(MissingSerializer(many=True))
    def get_missing(self, application) -> list[dict]:
        return [vars(item) for item in missing_items(application)]


class ApplicationUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = EDITABLE_FIELDS
