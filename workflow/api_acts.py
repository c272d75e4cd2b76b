"""A call's decision through the API, on what the department's decision pages use: the sharing-out
of the envelope (workflow.decisions.distribution), the proposals ready for one act and the act
that approves them (workflow.acts), and an act with its annex as data, PDF and XLSX. Only the
department sees any of it (404 for anyone else, as on the pages)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.allocation import RANKING_KEYS
from grants.api.fields import AmountSerializerField
from grants.api.pdf import PDF_RESPONSE, FileNegotiation
from grants.models import ActKind, Call
from grants.roles import is_department
from grants.spreadsheets import XLSX, xlsx_response
from workflow import acts
from workflow.decisions import distribution, envelope_check
from workflow.letters.render import render_act_annex
from workflow.models import DecisionAct, Outcome

XLSX_RESPONSE = {(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Het XLSX-bestand.")}


def _department_only(user) -> None:
    if not is_department(user):
        raise exceptions.NotFound


def _call(user, code) -> Call:
    _department_only(user)
    return get_object_or_404(Call, code=code)


def _per_year(*columns):
    """{year: {column: amount}} from dicts per year, as a list a client reads per year."""
    years = columns[0][1].keys()
    return [{"year": year, **{name: values[year] for name, values in columns}} for year in years]


class YearAmountsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    requested = AmountSerializerField(max_digits=14)
    by_rule = AmountSerializerField(max_digits=14, help_text=gettext_lazy("Wat de bedragregel geeft."))
    proposed = AmountSerializerField(
        max_digits=14, help_text=gettext_lazy("Wat binnen het jaarbudget past, na de rangschikking."))


class ShareSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField(source="application.pk")
    dossier_number = serializers.CharField(source="application.dossier_number", allow_null=True)
    applicant = serializers.CharField(source="application.applicant.name")
    years = YearAmountsSerializer(many=True)


class DistributionYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    available = AmountSerializerField(
        max_digits=14,
        help_text=gettext_lazy("Het jaarbudget min wat goedgekeurde beslissingen al toekennen."))
    wanted = AmountSerializerField(max_digits=14, help_text=gettext_lazy("Wat de bedragregel samen geeft."))
    proposed = AmountSerializerField(max_digits=14)


class DistributionSerializer(serializers.Serializer):
    rule_version = serializers.IntegerField(allow_null=True)
    ranking_keys = serializers.ListField(child=serializers.CharField())
    oversubscribed_years = serializers.ListField(child=serializers.IntegerField())
    years = DistributionYearSerializer(many=True)
    shares = ShareSerializer(many=True)


def distribution_data(call) -> dict:
    shares = distribution(call)
    return {
        "rule_version": getattr(shares.rule, "version", None),
        "ranking_keys": [str(RANKING_KEYS[key][0]) for key in call.ranking_keys or []],
        "oversubscribed_years": shares.oversubscribed_years,
        "years": [{"year": year, "available": shares.available[year], "wanted": shares.wanted[year],
                   "proposed": shares.proposed_total(year)} for year in call.years],
        "shares": [{"rank": row.rank, "application": row.application,
                    "years": _per_year(("requested", row.requested), ("by_rule", row.by_rule),
                                       ("proposed", row.proposed))}
                   for row in shares.rows],
    }


class DistributionView(APIView):
    @extend_schema(responses=DistributionSerializer, operation_id="calls_distribution")
    def get(self, request, code):
        """The sharing-out of the envelope before anyone decides: the applications still to be
        decided in the order of the call's ranking keys, each with what it asked, what the amount
        rule gives it and what fits what is left of the yearly budget."""
        return Response(DistributionSerializer(distribution_data(_call(request.user, code))).data)


class EnvelopeYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    envelope = AmountSerializerField(max_digits=14)
    committed = AmountSerializerField(max_digits=14)
    proposed = AmountSerializerField(max_digits=14)
    exceeded_by = AmountSerializerField(max_digits=14)


class WaitingProposalSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    dossier_number = serializers.CharField(source="application.dossier_number", allow_null=True)
    applicant = serializers.CharField(source="application.applicant.name")
    outcome = serializers.ChoiceField(Outcome.choices)
    amounts = serializers.DictField(child=AmountSerializerField(max_digits=14))
    reason = serializers.CharField(allow_null=True, default=None, help_text=gettext_lazy(
        "Waarom u dit voorstel niet kunt goedkeuren (uw eigen voorstel, een belangenconflict, ...)."))


class ReadinessSerializer(serializers.Serializer):
    ready = WaitingProposalSerializer(many=True)
    blocked = WaitingProposalSerializer(many=True)
    envelope = EnvelopeYearSerializer(many=True)


class CollectiveActInputSerializer(serializers.Serializer):
    """The act, as the collective decision page asks it (the same form checks it)."""

    act_kind = serializers.ChoiceField(choices=ActKind.choices)
    act_number = serializers.CharField(max_length=60)
    act_date = serializers.DateField()
    signer_name = serializers.CharField(max_length=120)
    signer_function = serializers.CharField(required=False, allow_blank=True, max_length=200)
    delegation_basis = serializers.CharField(required=False, allow_blank=True, max_length=300)
    override_envelope = serializers.BooleanField(required=False, default=False)
    override_motivation = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class DecisionActSerializer(serializers.ModelSerializer):
    applications = serializers.SerializerMethodField(
        help_text=gettext_lazy("De aanvragen die in deze akte beslist zijn."))

    class Meta:
        model = DecisionAct
        fields = ["id", "call", "kind", "number", "date", "signer_name", "signer_function",
                  "delegation_basis", "collective", "recorded_at", "applications"]

    def get_applications(self, act) -> list[int]:
        return sorted(proposal.application_id for proposal in act.proposals.all())


class CollectiveActView(APIView):
    @extend_schema(responses=ReadinessSerializer, operation_id="calls_decision_act_readiness")
    def get(self, request, code):
        """What the collective decision page shows you: the proposals you may approve in one act,
        the others with the reason, and what the ready ones take of the yearly budget."""
        call = _call(request.user, code)
        found = acts.readiness(request.user, call)
        blocked = [{**WaitingProposalSerializer(p).data, "reason": reason} for p, reason in found.blocked]
        envelope = EnvelopeYearSerializer(envelope_check(call, found.total), many=True).data
        return Response({"ready": WaitingProposalSerializer(found.ready, many=True).data, "blocked": blocked,
                         "envelope": envelope})

    @extend_schema(request=CollectiveActInputSerializer, responses={201: DecisionActSerializer},
                   operation_id="calls_decision_act_create")
    def post(self, request, code):
        """A beslisser approves every proposal of the call that is ready, in one act: 403 for
        anyone else before a word about the input."""
        call = _call(request.user, code)
        acts.check_may_decide(request.user)
        serializer = CollectiveActInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        act = acts.approve_collectively(request.user, call, serializer.validated_data)
        return Response(DecisionActSerializer(act).data, status=201)


class DecisionActListView(generics.ListAPIView):
    """The decision acts (collective and single), newest first; ``?call=`` a call's code."""

    serializer_class = DecisionActSerializer
    updated_fields = ("recorded_at",)
    queryset = DecisionAct.objects.none()  # for the schema; get_queryset decides
    filterset_fields = {"call__code": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DecisionAct.objects.none()
        _department_only(self.request.user)
        return DecisionAct.objects.prefetch_related("proposals").order_by("-recorded_at", "-pk")


class AnnexRowSerializer(serializers.Serializer):
    dossier_number = serializers.CharField(allow_null=True)
    beneficiary = serializers.CharField()
    lead_municipality = serializers.CharField()
    amounts = serializers.ListField(child=AmountSerializerField(max_digits=14),
                                    help_text=gettext_lazy("Per jaar, in de volgorde van years."))
    total = AmountSerializerField(max_digits=14)


class AnnexSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.IntegerField())
    rows = AnnexRowSerializer(many=True)
    totals = serializers.ListField(child=AmountSerializerField(max_digits=14))
    grand_total = AmountSerializerField(max_digits=14)


class DecisionActDetailSerializer(DecisionActSerializer):
    annex = serializers.SerializerMethodField()

    class Meta(DecisionActSerializer.Meta):
        fields = [*DecisionActSerializer.Meta.fields, "annex"]

    @extend_schema_field(AnnexSerializer)
    def get_annex(self, act):
        return AnnexSerializer(acts.annex(act)).data


def _act(user, pk) -> DecisionAct:
    _department_only(user)
    return get_object_or_404(DecisionAct.objects.select_related("call").prefetch_related("proposals"), pk=pk)


class DecisionActView(APIView):
    @extend_schema(responses=DecisionActDetailSerializer, operation_id="decision_acts_retrieve")
    def get(self, request, pk):
        """The act with its annex: every beneficiary with the amount per year, and the totals."""
        return Response(DecisionActDetailSerializer(_act(request.user, pk)).data)


def _annex_name(act) -> str:
    return f"bijlage-{act.number}".replace("/", "-")


class AnnexPdfView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="decision_acts_annex_pdf")
    def get(self, request, pk):
        """The act's annex as the PDF the decision page offers."""
        act = _act(request.user, pk)
        response = HttpResponse(render_act_annex(acts.annex(act)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_annex_name(act)}.pdf"'
        return response


class AnnexXlsxView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=XLSX_RESPONSE, operation_id="decision_acts_annex_xlsx")
    def get(self, request, pk):
        """The act's annex as the spreadsheet the decision page offers (real numbers and dates)."""
        act = _act(request.user, pk)
        return xlsx_response(acts.annex_sheet(acts.annex(act)), _annex_name(act))
