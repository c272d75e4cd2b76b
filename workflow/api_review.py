"""The department's own records on a dossier through the API: the declaration of (no) conflict
of interest, the reviewer assignment, the assessment scores and the internal notes. Each write
is the function the dossier page calls (workflow.services, workflow.review); department-only
reads and writes refuse anyone else (403) before a word about the input."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.api.filters import UPDATED_SINCE_QUERY, changed_since
from grants.roles import refuse_unless_department
from grants.selectors import get_application_for
from workflow import review, services
from workflow.models import Assessment, ConflictDeclaration, InternalNote


def _department_dossier(request, pk):
    """The application for department staff: 403 for anyone else, 404 if it does not exist."""
    refuse_unless_department(request.user)
    return get_application_for(request.user, pk)


class UsernameField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="username", read_only=True, **kwargs)


class ConflictDeclarationSerializer(serializers.ModelSerializer):
    reviewer = UsernameField()

    class Meta:
        model = ConflictDeclaration
        fields = ["id", "reviewer", "has_conflict", "explanation", "declared_at"]


class ConflictInputSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField(help_text=gettext_lazy(
        "false: u verklaart geen belangenconflict te hebben met deze aanvrager."))
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=10000,
                                        help_text=gettext_lazy("Verplicht bij een belangenconflict."))


class ConflictDeclarationView(APIView):
    @extend_schema(responses=ConflictDeclarationSerializer(many=True), parameters=[UPDATED_SINCE_QUERY],
                   operation_id="applications_conflict_declarations_list")
    def get(self, request, pk):
        """Who declared (no) conflict of interest for this dossier (department only)."""
        application = _department_dossier(request, pk)
        declarations = changed_since(application.conflict_declarations.select_related("reviewer"), request,
                                     ["declared_at"]).order_by("declared_at")
        return Response(ConflictDeclarationSerializer(declarations, many=True).data)

    @extend_schema(request=ConflictInputSerializer, responses={201: ConflictDeclarationSerializer},
                   operation_id="applications_conflict_declarations_create")
    def post(self, request, pk):
        """Declare, once per dossier, whether you have a conflict of interest: before you assess
        or decide it."""
        _department_dossier(request, pk)
        serializer = ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declaration = services.declare_conflict(request.user, pk, serializer.validated_data["has_conflict"],
                                                serializer.validated_data.get("explanation", ""))
        return Response(ConflictDeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)


class AssignmentInputSerializer(serializers.Serializer):
    applications = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                         min_length=1, max_length=500)
    reviewer = serializers.CharField(max_length=150, help_text=gettext_lazy(
        "De gebruikersnaam van de dossierbehandelaar."))


class AssignmentResultSerializer(serializers.Serializer):
    assigned = serializers.IntegerField(help_text=gettext_lazy("Het aantal toegewezen dossiers."))


class AssignmentView(APIView):
    @extend_schema(request=AssignmentInputSerializer, responses=AssignmentResultSerializer,
                   operation_id="assignments_create")
    def post(self, request):
        """Assign one reviewer to one or more dossiers, as the application list does; refused for a
        reviewer who declared a conflict of interest for one of them."""
        refuse_unless_department(request.user)
        serializer = AssignmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reviewer = get_user_model().objects.filter(username=data["reviewer"], is_active=True).first()
        if reviewer is None:
            raise ValidationError({"reviewer": _("Er is geen gebruiker met deze naam.")})
        assigned = services.assign_reviewer(request.user, data["applications"], reviewer)
        return Response({"assigned": assigned})


class AssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reviewer = UsernameField()

    class Meta:
        model = Assessment
        fields = ["id", "criterion", "reviewer", "score", "motivation", "updated_at"]


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=gettext_lazy(
        "Het id van het criterium (zie criteria van de oproep)."))
    score = serializers.IntegerField(min_value=0, max_value=1000)
    motivation = serializers.CharField(max_length=10000, allow_blank=True)


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreSerializer(many=True, max_length=100)


class AssessmentView(APIView):
    @extend_schema(responses=AssessmentSerializer(many=True), operation_id="applications_assessments_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request, pk):
        """Every reviewer's score and motivation per criterion (department only)."""
        application = _department_dossier(request, pk)
        assessments = changed_since(application.assessments.select_related("criterion", "reviewer"), request,
                                    ["updated_at"])
        return Response(AssessmentSerializer(assessments, many=True).data)

    @extend_schema(request=ScoresInputSerializer, responses=AssessmentSerializer(many=True),
                   operation_id="applications_assessments_update")
    def put(self, request, pk):
        """Record your score and motivation per criterion while the application is in assessment."""
        _department_dossier(request, pk)
        serializer = ScoresInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scores = {s["criterion"]: (s["score"], s["motivation"]) for s in serializer.validated_data["scores"]}
        saved = review.save_assessment(request.user, pk, scores)
        assessments = Assessment.objects.filter(pk__in=[a.pk for a in saved]).select_related(
            "criterion", "reviewer")
        return Response(AssessmentSerializer(assessments, many=True).data)


class NoteSerializer(serializers.ModelSerializer):
    author = UsernameField()

    class Meta:
        model = InternalNote
        fields = ["id", "author", "text", "created_at"]


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)


class NoteView(APIView):
    @extend_schema(responses=NoteSerializer(many=True), operation_id="applications_notes_list",
                   parameters=[UPDATED_SINCE_QUERY])
    def get(self, request, pk):
        """The internal notes on the dossier: the department's only, never the applicant's."""
        application = _department_dossier(request, pk)
        notes = changed_since(application.internal_notes.select_related("author"), request, ["created_at"])
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(request=NoteInputSerializer, responses={201: NoteSerializer},
                   operation_id="applications_notes_create")
    def post(self, request, pk):
        """Add an internal note."""
        _department_dossier(request, pk)
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = review.add_note(request.user, pk, serializer.validated_data["text"])
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
