"""The lifecycle through the API: the steps open to you, firing one, the audit trail and the
decision letter. Every rule lives in ``workflow.services``; this module only translates."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.api.fields import AmountSerializerField
from grants.api.filters import UPDATED_SINCE_QUERY, changed_since
from grants.api.pdf import PDF_RESPONSE, FileNegotiation
from grants.api.reference import ChoiceSerializer, choices_of
from grants.api.serializers import ApplicationListSerializer
from grants.models import ActKind
from grants.roles import has_role, is_department
from grants.selectors import can_act_for, get_application_for
from workflow.machine import STEPS, STEPS_BY_NAME
from workflow.models import AuditEvent, DecisionLetter, Outcome, SubmissionExtension
from workflow.selectors import work_queue
from workflow.services import (
    available_steps,
    check_may_fire,
    fire,
    grant_extension,
    step_named,
    withdraw_extension,
)

FIELD_TYPES = {"BooleanField": "boolean", "DateField": "date", "DecimalField": "decimal",
               "AmountField": "decimal", "ChoiceField": "choice"}
AMOUNT_PREFIX = "amount_"  # the step's form asks one amount per year; the API one "amounts" object


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=gettext_lazy("De naam zoals u hem meestuurt."))
    label = serializers.CharField()
    required = serializers.BooleanField()
    type = serializers.ChoiceField(
        choices=["text", "boolean", "date", "decimal", "choice", "amounts"],
        help_text=gettext_lazy('"amounts": een object met een bedrag per jaar, bijvoorbeeld '
                               '{"2023": "50000.00"}; "choice": een van de waarden in choices.'))
    choices = ChoiceSerializer(many=True, required=False, help_text=gettext_lazy("Alleen bij type choice."))
    years = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text=gettext_lazy("Alleen bij type amounts: de jaren (sleutels)."))


class StepSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField(help_text=gettext_lazy("Of u deze stap nu kunt zetten."))
    reason = serializers.CharField(allow_null=True, help_text=gettext_lazy(
        "Waarom de stap nog niet kan (bijvoorbeeld: verklaar eerst dat u geen belangenconflict hebt)."))
    fields = FieldSerializer(many=True)


def describe_field(name, field) -> dict:
    described = {"name": name, "label": str(field.label), "required": field.required,
                 "type": FIELD_TYPES.get(type(field).__name__, "text")}
    if described["type"] == "choice":
        described["choices"] = choices_of(field.choices)
    return described


def describe_step(step, application, reason: str | None = None) -> dict:
    """The step with the input fields exactly as TransitionInputSerializer takes them."""
    form = step.form(application=application)
    fields = [describe_field(name, field) for name, field in form.fields.items()
              if not name.startswith(AMOUNT_PREFIX)]
    if years := [name.removeprefix(AMOUNT_PREFIX) for name in form.fields if name.startswith(AMOUNT_PREFIX)]:
        fields.append({"name": "amounts", "label": gettext("Bedrag per jaar (€)"), "required": False,
                       "type": "amounts", "years": years})
    return {"name": step.name, "label": str(step.label), "available": reason is None, "reason": reason,
            "fields": fields}


def api_fields(error: ValidationError) -> dict | list:
    """The step form's errors under the names the API takes: an amount's under "amounts"."""
    if not hasattr(error, "error_dict"):
        return error.messages
    fields = {}
    for name, messages in error.message_dict.items():
        fields.setdefault("amounts" if name.startswith(AMOUNT_PREFIX) else name, []).extend(messages)
    return fields


def steps_for(user, application) -> list[dict]:
    """The steps from this state meant for this user: those they can take now, and the others
    with the reason the actor or a guard gives (what has to happen first)."""
    available = {step.name for step in available_steps(user, application)}
    described = []
    for step in STEPS:
        if application.status not in step.sources or not _meant_for(step, user, application):
            continue
        reason = None if step.name in available else (
            step.actor.refusal(application, user) or " ".join(step.refusals(application))
            or gettext("Deze stap kan nu niet."))
        described.append(describe_step(step, application, reason))
    return described


def _meant_for(step, user, application) -> bool:
    if step.actor.role is None:  # the applicant's steps: for who acts for the applicant
        return can_act_for(user, application.applicant)
    return has_role(user, step.actor.role)


class TransitionInputSerializer(serializers.Serializer):
    """Everything a step may ask; each step's own form says what it needs and refuses the rest."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    declaration = serializers.BooleanField(required=False)
    question = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    deadline = serializers.DateField(required=False, allow_null=True)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    deviation_motivation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    act = serializers.IntegerField(required=False, allow_null=True,
                                   help_text=gettext_lazy("Een bestaande akte van de oproep "
                                                          "(collectieve beslissing)."))
    act_kind = serializers.ChoiceField(choices=ActKind.choices, required=False)
    act_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    act_date = serializers.DateField(required=False, allow_null=True)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signer_function = serializers.CharField(required=False, allow_blank=True, max_length=200)
    delegation_basis = serializers.CharField(required=False, allow_blank=True, max_length=300)
    override_envelope = serializers.BooleanField(required=False)
    override_motivation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    amounts = serializers.DictField(
        child=AmountSerializerField(), required=False,
        help_text=gettext_lazy('Bedrag per jaar, als getal of als tekst, ook in Belgische notatie: '
                               'bijvoorbeeld {"2023": 50000, "2024": "50000.00", "2025": "50.000,00"}.'),
    )

    def form_data(self) -> dict:
        """The validated input as the step's form reads it (one amount_<year> field per year)."""
        data = dict(self.validated_data)
        amounts = data.pop("amounts", {})
        data.update({f"{AMOUNT_PREFIX}{year}": amount for year, amount in amounts.items()})
        return data


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text=gettext_lazy("Alleen voor het departement."))
    data = serializers.SerializerMethodField(help_text=gettext_lazy("Alleen voor het departement."))
    comment = serializers.SerializerMethodField(help_text=gettext_lazy("Alleen voor het departement."))

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "kind", "transition", "from_status", "to_status", "message", "comment", "actor",
                  "data"]

    def get_comment(self, event) -> str | None:
        return event.comment if self.context["department"] else None

    def get_actor(self, event) -> str | None:
        return event.actor.get_username() if self.context["department"] else None

    def get_data(self, event) -> dict | None:
        return event.data if self.context["department"] else None


class TransitionListView(APIView):
    @extend_schema(responses=StepSerializer(many=True), operation_id="applications_transitions_list")
    def get(self, request, pk):
        """The steps from the current state meant for you, with the fields each one asks; a step
        you cannot take yet says why (``available`` false, ``reason``)."""
        return Response(steps_for(request.user, get_application_for(request.user, pk)))


class TransitionFireView(APIView):
    @extend_schema(request=TransitionInputSerializer, responses=ApplicationListSerializer,
                   operation_id="applications_transitions_fire",
                   parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=[*STEPS_BY_NAME])])
    def post(self, request, pk, name):
        """Fire a step with a comment and the step's fields: 403 when it is not yours, 409 when the
        state does not allow it (both before a word about the input), 400 for the input."""
        check_may_fire(step_named(name), get_application_for(request.user, pk), request.user)
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            dossier = fire(request.user, pk, name, serializer.form_data())
        except ValidationError as error:
            raise ValidationError(api_fields(error)) from None
        return Response(ApplicationListSerializer(get_application_for(request.user, dossier.pk)).data)


class AuditTrailView(generics.ListAPIView):
    """The application's history; applicants see only what concerns them."""

    serializer_class = AuditEventSerializer
    filterset_fields = ["kind"]
    updated_fields = ("at",)
    queryset = AuditEvent.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        application = get_application_for(self.request.user, self.kwargs["pk"])
        events = AuditEvent.objects.filter(application=application).select_related("actor")
        return events if is_department(self.request.user) else events.filter(visible_to_applicant=True)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "department": is_department(self.request.user)}


class ExtensionSerializer(serializers.ModelSerializer):
    until = serializers.DateTimeField(
        input_formats=["iso-8601", "%d/%m/%Y %H:%M"],
        help_text=gettext_lazy("Tot wanneer indienen mag; zonder tijdzone in Brusselse tijd, bijvoorbeeld "
                               "2023-01-22T23:59 of 22/01/2023 23:59."))
    reason = serializers.CharField(max_length=2000)

    class Meta:
        model = SubmissionExtension
        fields = ["until", "reason", "granted_at"]
        read_only_fields = ["granted_at"]


class ExtensionView(APIView):
    """The extension (uitstel) of one application: who may see the application reads it, an
    administrator grants (or moves) and withdraws it. Audited; the applicant sees it."""

    @extend_schema(responses=ExtensionSerializer(many=True), operation_id="applications_extensions_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request, pk):
        """The application's extension: a list with one element, or empty."""
        application = get_application_for(request.user, pk)
        extensions = changed_since(SubmissionExtension.objects.filter(application=application), request,
                                   ("granted_at",))
        return Response(ExtensionSerializer(extensions, many=True).data)

    @extend_schema(request=ExtensionSerializer, responses={201: ExtensionSerializer},
                   operation_id="applications_extensions_grant")
    def post(self, request, pk):
        """Grant an extension until a moment after the call's deadline, with a reason."""
        get_application_for(request.user, pk)
        serializer = ExtensionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        extension = grant_extension(request.user, pk, serializer.validated_data["until"],
                                    serializer.validated_data["reason"])
        return Response(ExtensionSerializer(extension).data, status=201)

    @extend_schema(request=None, responses={204: None}, operation_id="applications_extensions_withdraw")
    def delete(self, request, pk):
        """Withdraw the extension before it runs out: 409 when there is none or it ran out."""
        get_application_for(request.user, pk)
        withdraw_extension(request.user, pk)
        return Response(status=204)


class WorkQueueRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    dossier_number = serializers.CharField()
    applicant = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()


class WorkQueueView(APIView):
    @extend_schema(responses=WorkQueueRowSerializer(many=True), operation_id="work_queue")
    def get(self, request):
        """The dossiers waiting for you (the department's staff), each with why."""
        if not is_department(request.user):
            raise exceptions.NotFound
        return Response([{"application": a.pk, "dossier_number": a.dossier_number or "",
                          "applicant": a.applicant.name, "status": a.status, "reason": reason}
                         for a, reason in work_queue(request.user)])


class NoLetterYet(exceptions.NotFound):
    default_detail = gettext_lazy("Er is nog geen beslissingsbrief voor deze aanvraag.")
    dutch = True  # the error handler shows this sentence instead of the general one


class LetterView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="applications_letter")
    def get(self, request, pk):
        """The decision letter as it was sent (PDF), once the decision is taken."""
        application = get_application_for(request.user, pk)
        letter = DecisionLetter.objects.filter(application=application).first()
        if letter is None:
            raise NoLetterYet
        return FileResponse(letter.file.open("rb"), content_type="application/pdf",
                            filename=letter.download_name)
