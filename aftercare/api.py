"""The aftercare through the API, thin over aftercare.services and aftercare.selectors (the
pages use the same): a granted dossier's years, its yearly reports (read and saved as the
report page does), the lists of reports, tranches and recoveries, the steps open to you on
one of them and taking one, and proposing a recovery."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from aftercare import selectors, services
from aftercare.exports import payment_message
from aftercare.later import series_letter
from aftercare.machine import APPEAL, CHANGE, LIFECYCLES, RECOVERY, REPORT, TRANCHE
from aftercare.models import (
    AftercareEvent,
    Appeal,
    AppealKind,
    PlanChange,
    Recovery,
    RecoveryLetter,
    ReportStatus,
    Tranche,
    YearlyReport,
)
from aftercare.report_form import ReportForm
from grants.api.fields import AmountSerializerField
from grants.api.filters import UPDATED_SINCE_QUERY, updated_since
from grants.api.pdf import PDF_RESPONSE, FileNegotiation
from grants.models import DECIDED_STATUSES, Call
from grants.roles import is_department, refuse_unless_department
from grants.selectors import get_application_for
from workflow.api import FIELD_TYPES, FieldSerializer

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


class ReportAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class ReportQuestionSerializer(serializers.Serializer):
    question = serializers.CharField()
    asked_at = serializers.DateTimeField()
    answer = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """A year's report as the report page shows it; PUT saves it as the page's 'Bewaren' does."""

    id = serializers.IntegerField(read_only=True, allow_null=True)
    year = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(ReportStatus.choices, read_only=True)
    narrative = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    actions = ExecutedActionSerializer(many=True, required=False)
    indicators = RealisedIndicatorSerializer(many=True, required=False)
    budget_lines = SpentLineSerializer(many=True, required=False)
    attachments = ReportAttachmentSerializer(many=True, read_only=True)
    questions = ReportQuestionSerializer(
        many=True, read_only=True, help_text=gettext_lazy("De vragen om bijsturing en de antwoorden.")
    )

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
        "attachments": report.attachments.all() if report.pk else [],
        "questions": report.questions.all() if report.pk else [],
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


class NoSuchAttachment(exceptions.NotFound):
    default_detail = gettext_lazy("Dit jaarverslag heeft geen bijlage met dit nummer.")
    dutch = True


class ReportAttachmentFileView(APIView):
    """One attachment of a report: who may see the report downloads it, who may change the
    report (the applicant, while it is a draft or being answered) removes it."""

    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="reports_attachments_download")
    def get(self, request, pk, attachment_id):
        """The attachment as it was uploaded (PDF)."""
        report = services.get_for(REPORT, request.user, pk)
        attachment = report.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise NoSuchAttachment
        return FileResponse(attachment.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename="jaarverslag-bijlage.pdf")

    @extend_schema(request=None, responses={204: None}, operation_id="reports_attachments_delete")
    def delete(self, request, pk, attachment_id):
        """Remove an attachment: 403 not yours to change, 409 once the report is submitted."""
        services.remove_report_attachment(request.user, pk, attachment_id)
        return Response(status=204)


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


class AftercareEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    lifecycle = serializers.ChoiceField([*LIFECYCLES])
    object_id = serializers.IntegerField()
    step = serializers.CharField()
    label = serializers.CharField()
    to_status = serializers.CharField()
    status_label = serializers.CharField()
    message = serializers.CharField(allow_blank=True)


class AftercareSerializer(serializers.Serializer):
    granted = AmountSerializerField(max_digits=14)
    paid = AmountSerializerField(max_digits=14)
    owed = AmountSerializerField(max_digits=14)
    settled = AmountSerializerField(max_digits=14)
    closed_at = serializers.DateTimeField(source="closure.closed_at", allow_null=True, default=None)
    years = YearSerializer(many=True)
    recoveries = RecoverySerializer(many=True)
    events = AftercareEventSerializer(
        many=True,
        help_text=gettext_lazy("Wat er na de beslissing gebeurde; de aanvrager ziet wat hem aangaat."),
    )


class AftercareView(APIView):
    @extend_schema(responses=AftercareSerializer, operation_id="applications_aftercare")
    def get(self, request, pk):
        """A granted dossier after the decision: per year the amount, the report and the tranches."""
        application = get_application_for(request.user, pk)
        if not application.is_granted:  # a read, so no 409: there is nothing after a decision yet
            raise exceptions.NotFound(gettext_lazy("Deze aanvraag is niet toegekend: er is geen opvolging "
                                                   "na de beslissing."))
        applicant_view = not is_department(request.user)
        view = selectors.dossier_aftercare(application, applicant_view=applicant_view)
        view.events = selectors.history(application, applicant_view=applicant_view)
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


class StepsSince(FilteredList):
    """A tranche or recovery changes only by a step, and every step is an event of the audit trail:
    ``?updated_since=`` gives those with a step (their start included) at or after that moment."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if (moment := updated_since(self.request)) is None:
            return queryset
        stepped = AftercareEvent.objects.filter(lifecycle=self.lifecycle.name, at__gte=moment)
        return queryset.filter(pk__in=stepped.values("object_id"))


@extend_schema(parameters=CALL_FILTERS)
class ReportListView(FilteredList):
    """Yearly reports you may see (the department: all), filtered by call, status and year."""

    serializer_class, lifecycle = ReportListSerializer, REPORT
    updated_fields = ("updated_at",)


@extend_schema(parameters=[*CALL_FILTERS, UPDATED_SINCE_QUERY])
class TrancheListView(StepsSince):
    """Tranches you may see, filtered by call, status (e.g. goedgekeurd: to pay) and year."""

    serializer_class, lifecycle = TrancheSerializer, TRANCHE


@extend_schema(parameters=[*CALL_FILTERS, UPDATED_SINCE_QUERY])
class RecoveryListView(StepsSince):
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


class NoRecoveryLetterYet(exceptions.NotFound):
    default_detail = gettext_lazy(
        "Er is nog geen brief voor deze terugvordering: die volgt op de beslissing."
    )
    dutch = True


class RecoveryLetterView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="recoveries_letter")
    def get(self, request, pk):
        """The recovery letter as it was sent (PDF), once the recovery is decided."""
        recovery = services.get_for(RECOVERY, request.user, pk)
        letter = RecoveryLetter.objects.filter(recovery=recovery).first()
        if letter is None:
            raise NoRecoveryLetterYet
        return FileResponse(letter.file.open("rb"), content_type="application/pdf",
                            filename=letter.download_name)


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


class ApprovedPaymentSerializer(serializers.ModelSerializer):
    """A row of the export for the financial system (aftercare.exports.payment_rows)."""

    dossier_number = serializers.CharField(source="application.dossier_number", read_only=True)
    beneficiary = serializers.CharField(source="application.applicant.name", read_only=True)
    iban = serializers.CharField(source="application.iban_display", read_only=True)
    budget_article = serializers.CharField(source="application.call.budget_article", read_only=True)
    amount = AmountSerializerField(max_digits=14, read_only=True)
    approved_by = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField(
        help_text=gettext_lazy("De mededeling bij de overschrijving.")
    )

    class Meta:
        model = Tranche
        fields = ["id", "application", "dossier_number", "beneficiary", "iban", "budget_article", "year",
                  "kind", "amount", "expected_on", "approved_at", "approved_by", "message"]

    def get_approved_by(self, tranche) -> str:
        return tranche.approved_by.get_full_name() or tranche.approved_by.get_username()

    def get_message(self, tranche) -> str:
        return payment_message(tranche)


class ApprovedPaymentsView(generics.ListAPIView):
    """What the financial system is to pay: the call's approved tranches not yet paid, as the
    department's export lists them (the department only)."""

    serializer_class = ApprovedPaymentSerializer
    updated_fields = ("approved_at",)
    queryset = Tranche.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Tranche.objects.none()
        if not is_department(self.request.user):
            raise exceptions.NotFound
        call = get_object_or_404(Call, code=self.kwargs["code"])
        return selectors.approved_payments(call).select_related("application__call")


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
