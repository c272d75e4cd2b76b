"""The aftercare through the API, thin over aftercare.services and aftercare.selectors (the
pages use the same): a granted dossier's years, its yearly reports (read and saved as the
report page does), the lists of reports, tranches and recoveries, the steps open to you on
one of them and taking one, and proposing a recovery."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from aftercare import selectors, services
from aftercare.later import series_letter
from aftercare.machine import APPEAL, CHANGE, LIFECYCLES, RECOVERY, REPORT, TRANCHE
from aftercare.models import Appeal, AppealKind, PlanChange, Recovery, ReportStatus, Tranche, YearlyReport
from aftercare.report_form import ReportForm
from grants.api.fields import AmountSerializerField
from grants.models import DECIDED_STATUSES, Call
from grants.roles import is_department, refuse_unless_department
from grants.selectors import get_application_for
from workflow.api import FIELD_TYPES, FieldSerializer
from workflow.exceptions import TransitionConflict

# The resources' names in URLs, and the lifecycle each one is.
RESOURCES = {"reports": REPORT, "tranches": TRANCHE, "recoveries": RECOVERY,
             "changes": CHANGE, "appeals": APPEAL}


class TrancheSerializer(serializers.ModelSerializer):
    dossier_number = serializers.CharField(source="application.dossier_number", read_only=True)
    amount = AmountSerializerField(max_digits=14, read_only=True)

    class Meta:
        model = Tranche
        fields = ["id", "application", "dossier_number", "year", "kind", "amount", "expected_on", "status",
                  "approved_at", "paid_on", "reference"]


class RecoverySerializer(serializers.ModelSerializer):
    dossier_number = serializers.CharField(source="application.dossier_number", read_only=True)
    amount = AmountSerializerField(max_digits=14, read_only=True)

    class Meta:
        model = Recovery
        fields = ["id", "application", "dossier_number", "year", "reason", "amount", "motivation", "status",
                  "decided_at", "settled_on", "reference"]


class ReportListSerializer(serializers.ModelSerializer):
    dossier_number = serializers.CharField(source="application.dossier_number", read_only=True)

    class Meta:
        model = YearlyReport
        fields = ["id", "application", "dossier_number", "year", "status", "submitted_at", "approved_at"]


class ExecutedActionSerializer(serializers.Serializer):
    action = serializers.IntegerField()
    execution = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("uitgevoerd, gedeeltelijk of niet")
    )
    explanation = serializers.CharField(allow_blank=True, required=False, default="")


class RealisedIndicatorSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    target = AmountSerializerField(read_only=True, allow_null=True)
    realised = AmountSerializerField(allow_null=True)


class SpentLineSerializer(serializers.Serializer):
    budget_line = serializers.IntegerField()
    planned = AmountSerializerField(read_only=True)
    spent = AmountSerializerField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """A year's report as the report page shows it; PUT saves it as the page's 'Bewaren' does."""

    id = serializers.IntegerField(read_only=True, allow_null=True)
    year = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(ReportStatus.choices, read_only=True)
    narrative = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    actions = ExecutedActionSerializer(many=True, required=False)
    indicators = RealisedIndicatorSerializer(many=True, required=False)
    budget_lines = SpentLineSerializer(many=True, required=False)

    def form_data(self) -> dict:
        """The input as the report's form reads it (one field per action, indicator and line)."""
        data = {"narrative": self.validated_data.get("narrative", "")}
        for row in self.validated_data.get("actions", []):
            data[f"action_{row['action']}"] = row["execution"]
            data[f"action_{row['action']}_explanation"] = row["explanation"]
        for row in self.validated_data.get("indicators", []):
            data[f"indicator_{row['indicator']}"] = row["realised"]
        for row in self.validated_data.get("budget_lines", []):
            data[f"line_{row['budget_line']}"] = row["spent"]
        return data


def report_data(report) -> dict:
    form = ReportForm(report=report)
    rows = form.rows()
    return {
        "id": report.pk,
        "year": report.year,
        "status": report.status,
        "narrative": report.narrative,
        "actions": [
            {"action": a.pk, "execution": execution.value() or "", "explanation": explanation.value() or ""}
            for a, execution, explanation, _label in rows["actions"]
        ],
        "indicators": [
            {"indicator": i.pk, "target": target, "realised": value}
            for i, _field, target, value in rows["indicators"]
        ],
        "budget_lines": [
            {"budget_line": line.pk, "planned": line.amount, "spent": value}
            for line, _field, value in rows["lines"]
        ],
    }


def _report_of(request, pk, year) -> YearlyReport:
    application = get_application_for(request.user, pk)
    if not application.is_granted or year not in application.call.years:
        raise Http404
    return application.yearly_reports.filter(year=year).first() or YearlyReport(
        application=application, year=year
    )


class ReportView(APIView):
    @extend_schema(responses=ReportSerializer, operation_id="applications_reports_retrieve")
    def get(self, request, pk, year):
        """The year's report: per action, indicator (with the year's target) and budget line (with
        what was planned) what is reported so far."""
        return Response(ReportSerializer(report_data(_report_of(request, pk, year))).data)

    @extend_schema(
        request=ReportSerializer, responses=ReportSerializer, operation_id="applications_reports_update"
    )
    def put(self, request, pk, year):
        """Save the year's report (a draft, or while answering a question): 409 once submitted."""
        _report_of(request, pk, year)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.save_report(request.user, pk, year, serializer.form_data())
        return Response(ReportSerializer(report_data(report)).data)


class ReportAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ReportAttachmentView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ReportAttachmentUploadSerializer},
        responses={201: None},
        operation_id="reports_attachments_create",
    )
    def post(self, request, pk):
        """Add a PDF to a report (checked like an application's attachments)."""
        serializer = ReportAttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.add_report_attachment(request.user, pk, serializer.validated_data["file"])
        return Response({"id": attachment.pk, "sha256": attachment.sha256}, status=201)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    granted = AmountSerializerField(max_digits=14)
    report = ReportListSerializer(allow_null=True)
    tranches = TrancheSerializer(many=True)


class AftercareSerializer(serializers.Serializer):
    granted = AmountSerializerField(max_digits=14)
    paid = AmountSerializerField(max_digits=14)
    owed = AmountSerializerField(max_digits=14)
    settled = AmountSerializerField(max_digits=14)
    closed_at = serializers.DateTimeField(source="closure.closed_at", allow_null=True, default=None)
    years = YearSerializer(many=True)
    recoveries = RecoverySerializer(many=True)


class AftercareView(APIView):
    @extend_schema(responses=AftercareSerializer, operation_id="applications_aftercare")
    def get(self, request, pk):
        """A granted dossier after the decision: per year the amount, the report and the tranches."""
        application = get_application_for(request.user, pk)
        if not application.is_granted:
            raise TransitionConflict(gettext_lazy("Deze aanvraag is niet toegekend."))
        view = selectors.dossier_aftercare(application, applicant_view=not is_department(request.user))
        return Response(AftercareSerializer(view).data)


CALL_FILTERS = [
    OpenApiParameter("call", str, description=gettext_lazy("de code van de oproep")),
    OpenApiParameter("status", str),
    OpenApiParameter("year", int),
]


class FilteredList(generics.ListAPIView):
    lifecycle = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.lifecycle.model.objects.none()
        params = self.request.query_params
        objects = services.visible(self.lifecycle, self.request.user).select_related("application")
        if params.get("call"):
            objects = objects.filter(application__call__code=params["call"])
        if params.get("status"):
            objects = objects.filter(status=params["status"])
        if params.get("year", "").isdigit():
            objects = objects.filter(year=int(params["year"]))
        return objects.order_by("application__dossier_number", "year", "pk")


@extend_schema(parameters=CALL_FILTERS)
class ReportListView(FilteredList):
    """Yearly reports you may see (the department: all), filtered by call, status and year."""

    serializer_class, lifecycle = ReportListSerializer, REPORT


@extend_schema(parameters=CALL_FILTERS)
class TrancheListView(FilteredList):
    """Tranches you may see, filtered by call, status (e.g. goedgekeurd: to pay) and year."""

    serializer_class, lifecycle = TrancheSerializer, TRANCHE


@extend_schema(parameters=CALL_FILTERS)
class RecoveryListView(FilteredList):
    """Recoveries you may see; an applicant only decided ones (a proposal is internal)."""

    serializer_class, lifecycle = RecoverySerializer, RECOVERY

    def get_queryset(self):
        recoveries = super().get_queryset()
        if is_department(self.request.user):
            return recoveries
        return recoveries.filter(status__in=selectors.DECIDED_RECOVERY_STATUSES)


class AftercareStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    fields = FieldSerializer(many=True)


class StepInputSerializer(serializers.Serializer):
    """Everything an aftercare step may ask; each step's own form says what it needs."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    declaration = serializers.BooleanField(required=False)
    question = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    paid_on = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    # issue 23: a later decision's proposal (amounts per year, motivation), its act, a judgment
    amounts = serializers.DictField(child=AmountSerializerField(max_digits=14), required=False,
                                    help_text=gettext_lazy('Per jaar, bijvoorbeeld {"2024": "40000.00"}.'))
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    act_kind = serializers.CharField(required=False, allow_blank=True)
    act_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    act_date = serializers.DateField(required=False, allow_null=True)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signer_function = serializers.CharField(required=False, allow_blank=True, max_length=200)
    delegation_basis = serializers.CharField(required=False, allow_blank=True, max_length=300)
    outcome_on = serializers.DateField(required=False, allow_null=True)
    judgment_number = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def form_data(self) -> dict:
        """As the step's form reads it: the amounts one field per year (amount_2024)."""
        data = dict(self.validated_data)
        for year, amount in data.pop("amounts", {}).items():
            data[f"amount_{year}"] = amount
        return data


def _lifecycle(resource):
    if resource not in RESOURCES:
        raise Http404
    return RESOURCES[resource]


def describe(step, obj) -> dict:
    form = step.form(subject=obj)
    return {
        "name": step.name,
        "label": str(step.label),
        "fields": [
            {
                "name": name,
                "label": str(field.label),
                "required": field.required,
                "type": FIELD_TYPES.get(type(field).__name__, "text"),
            }
            for name, field in form.fields.items()
        ],
    }


class StepListView(APIView):
    @extend_schema(
        responses=AftercareStepSerializer(many=True),
        operation_id="aftercare_steps_list",
        parameters=[OpenApiParameter("resource", str, OpenApiParameter.PATH, enum=[*RESOURCES])],
    )
    def get(self, request, resource, pk):
        """The steps you can take now on this report, tranche or recovery, with their fields."""
        lifecycle = _lifecycle(resource)
        obj = services.get_for(lifecycle, request.user, pk)
        return Response(
            [describe(step, obj) for step in services.available_steps(lifecycle, request.user, obj)]
        )


class StepFireView(APIView):
    @extend_schema(
        request=StepInputSerializer,
        responses={200: None},
        operation_id="aftercare_steps_fire",
        parameters=[
            OpenApiParameter("resource", str, OpenApiParameter.PATH, enum=[*RESOURCES]),
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                enum=sorted({s.name for lc in LIFECYCLES.values() for s in lc.steps}),
            ),
        ],
    )
    def post(self, request, resource, pk, name):
        """Take a step: 403 not yours, 409 not from this state or a condition unmet, 400 bad input."""
        lifecycle = _lifecycle(resource)
        services.get_for(lifecycle, request.user, pk)
        lifecycle.step(name)
        serializer = StepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.fire(request.user, lifecycle.name, pk, name, serializer.form_data())
        return Response({"id": obj.pk, "status": obj.status})


class RecoveryProposalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    reason = serializers.CharField()
    amount = AmountSerializerField(max_digits=14)
    motivation = serializers.CharField(max_length=10000)


class RecoveryProposeView(APIView):
    @extend_schema(
        request=RecoveryProposalSerializer,
        responses={201: RecoverySerializer},
        operation_id="applications_recoveries_create",
    )
    def post(self, request, pk):
        """Propose a recovery for a year (a dossierbehandelaar); a second person decides it."""
        serializer = RecoveryProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recovery = services.propose_recovery(request.user, pk, serializer.validated_data)
        return Response(RecoverySerializer(recovery).data, status=201)


class PaymentFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    envelope = AmountSerializerField(max_digits=14)
    committed = AmountSerializerField(max_digits=14)
    approved = AmountSerializerField(max_digits=14)
    paid = AmountSerializerField(max_digits=14)
    recovered = AmountSerializerField(max_digits=14)


class PaymentFiguresView(APIView):
    @extend_schema(responses=PaymentFiguresSerializer(many=True), operation_id="calls_payment_figures")
    def get(self, request, code):
        """Per year of the call: committed, approved and paid against the envelope (the department)."""
        refuse_unless_department(request.user)
        call = get_object_or_404(Call, code=code)
        return Response(PaymentFiguresSerializer(selectors.payment_figures(call), many=True).data)


# --- changes, appeals and the letters (issue 23) ----------------------------------------------


class ChangeSerializer(serializers.ModelSerializer):
    municipality_name = serializers.CharField(source="municipality.name", read_only=True, default=None)
    version = serializers.IntegerField(source="version.number", read_only=True, default=None)

    class Meta:
        model = PlanChange
        fields = ["id", "kind", "effective_on", "description", "municipality", "municipality_name",
                  "director_name", "director_email", "director_phone", "status", "version", "reported_at"]


class AppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "kind", "filed_on", "grounds", "status", "outcome_on", "judgment_number"]


class SeriesLetterSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    act = serializers.CharField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    current = serializers.BooleanField()


class AmendmentsSerializer(serializers.Serializer):
    letters = SeriesLetterSerializer(many=True)
    changes = ChangeSerializer(many=True)
    appeals = AppealSerializer(many=True)
    reconsideration_until = serializers.DateField(allow_null=True)


def _decided(request, pk):
    application = get_application_for(request.user, pk)
    if application.status not in DECIDED_STATUSES:
        raise Http404
    return application


class AmendmentsView(APIView):
    @extend_schema(responses=AmendmentsSerializer, operation_id="applications_amendments")
    def get(self, request, pk):
        """A decided dossier's letters (the last current), changes and appeals, as the pages show them."""
        return Response(AmendmentsSerializer(selectors.amendments_of(_decided(request, pk))).data)


class ChangeReportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    effective_on = serializers.DateField()
    description = serializers.CharField(max_length=10000)
    municipality = serializers.IntegerField(required=False, allow_null=True)
    council_decision = serializers.FileField(required=False)
    director_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    director_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    director_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)


class ChangeReportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": ChangeReportSerializer}, responses={201: ChangeSerializer},
                   operation_id="applications_changes_create")
    def post(self, request, pk):
        """Report a change (the applicant); a member joining or leaving with its council decision (PDF)."""
        serializer = ChangeReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "council_decision"}
        files = {key: request.FILES[key] for key in ("council_decision",) if key in request.FILES}
        change = services.report_change(request.user, pk, data, files)
        return Response(ChangeSerializer(change).data, status=201)


class AppealFileSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(AppealKind.choices)
    grounds = serializers.CharField(max_length=10000)
    filed_on = serializers.DateField(required=False, allow_null=True,
                                     help_text=gettext_lazy("Alleen voor een beroep of een rechtzetting."))


class AppealFileView(APIView):
    @extend_schema(request=AppealFileSerializer, responses={201: AppealSerializer},
                   operation_id="applications_appeals_create")
    def post(self, request, pk):
        """The applicant asks for reconsideration (kind heroverweging, within the call's term); a
        dossierbehandelaar registers a Raad van State appeal or a material error (rechtzetting)."""
        serializer = AppealFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["kind"] == AppealKind.RECONSIDERATION:
            appeal = services.request_reconsideration(request.user, pk, data)
        else:
            appeal = services.register_appeal(request.user, pk, data)
        return Response(AppealSerializer(appeal).data, status=201)


class SeriesLetterView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   operation_id="applications_letters_read")
    def get(self, request, pk, position):
        """One letter of the dossier's series (PDF) by its place in it; every letter stays downloadable."""
        letter = series_letter(_decided(request, pk), position)
        return FileResponse(letter.file.open("rb"), content_type="application/pdf",
                            filename=letter.download_name)
