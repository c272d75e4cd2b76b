"""What the applicant reads as data, not only in an e-mail or a PDF: the versions it submitted
(each also as its PDF), the department's questions (with their deadline and the answer) and,
once approved, the decision with its amounts per year, motivation, date and letter."""

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.api.filters import UPDATED_SINCE_QUERY, changed_since
from grants.api.pdf import PDF_RESPONSE, FileNegotiation
from grants.selectors import get_application_for
from workflow.letters.content import approved_proposal
from workflow.models import (
    ApplicationVersion,
    ClarificationRequest,
    DecisionLetter,
    DecisionProposal,
    Outcome,
)
from workflow.versions.pdf import version_download


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationVersion
        fields = ["number", "created_at", "sha256"]


class VersionListView(APIView):
    @extend_schema(responses=VersionSerializer(many=True), operation_id="applications_versions_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request, pk):
        """The versions as submitted (the first submission, and each answer to a question)."""
        application = get_application_for(request.user, pk)
        versions = changed_since(application.versions.order_by("number"), request, ["created_at"])
        return Response(VersionSerializer(versions, many=True).data)


class VersionView(APIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(responses=PDF_RESPONSE, operation_id="applications_versions_pdf")
    def get(self, request, pk, number):
        """A submitted version as its PDF (the receipt's content)."""
        application = get_application_for(request.user, pk)
        version = application.versions.filter(number=number).first()
        if version is None:
            raise Http404
        return version_download(version)


class ClarificationSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField(help_text=gettext_lazy("Nog niet beantwoord."))

    class Meta:
        model = ClarificationRequest
        fields = ["id", "question", "deadline", "asked_at", "answer", "answered_at", "is_open"]

    def get_is_open(self, clarification) -> bool:
        return clarification.answered_at is None


class ClarificationListView(APIView):
    @extend_schema(responses=ClarificationSerializer(many=True), parameters=[UPDATED_SINCE_QUERY],
                   operation_id="applications_clarifications_list")
    def get(self, request, pk):
        """The department's questions to the applicant, each with its deadline and the answer.
        Answer an open question with the step ``resubmit`` (field ``answer``)."""
        application = get_application_for(request.user, pk)
        questions = changed_since(application.clarifications.all(), request, ["asked_at", "answered_at"])
        return Response(ClarificationSerializer(questions, many=True).data)


class LetterSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=gettext_lazy("Het adres van de PDF."))

    class Meta:
        model = DecisionLetter
        fields = ["sequence", "created_at", "sha256", "download"]

    def get_download(self, letter) -> str:
        return reverse("api-letter", args=[letter.application_id])


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_label = serializers.CharField()
    amounts = serializers.DictField(
        child=serializers.DecimalField(max_digits=12, decimal_places=2),
        help_text=gettext_lazy('Het toegekende bedrag per jaar, bijvoorbeeld {"2023": "50000.00"}.'))
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    motivation = serializers.CharField()
    decided_at = serializers.DateTimeField(help_text=gettext_lazy("Wanneer de beslissing werd goedgekeurd."))
    letters = LetterSerializer(many=True, help_text=gettext_lazy(
        "De beslissingsbrief, zodra hij gemaakt is (kort na de beslissing)."))


class NoDecisionYet(exceptions.NotFound):
    default_detail = gettext_lazy("Over deze aanvraag is nog niet beslist.")
    dutch = True  # the error handler shows this sentence instead of the general one


def decision_of(application) -> dict:
    """The approved decision as the applicant reads it; NoDecisionYet before the approval."""
    try:
        proposal = approved_proposal(application)
    except DecisionProposal.DoesNotExist:
        raise NoDecisionYet from None
    amounts = {year: Decimal(amount) for year, amount in sorted(proposal.amounts.items())}
    return {
        "outcome": proposal.outcome, "outcome_label": proposal.get_outcome_display(), "amounts": amounts,
        "total": sum(amounts.values(), Decimal("0")), "motivation": proposal.motivation,
        "decided_at": proposal.approved_at,
        "letters": DecisionLetter.objects.filter(application=application),
    }


class DecisionView(APIView):
    @extend_schema(responses=DecisionSerializer, operation_id="applications_decision")
    def get(self, request, pk):
        """The decision once it is approved: outcome, amount per year, motivation, date and the
        letter; 404 before that."""
        application = get_application_for(request.user, pk)
        return Response(DecisionSerializer(decision_of(application)).data)
