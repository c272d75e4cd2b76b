"""The applicant writes its multi-year plan through the API: actions, their indicators and the
budget lines. Each endpoint checks the types here and leaves every rule to grants.services, the
same functions the portal's pages call (404, 403, 409 when no longer editable, 400)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from grants import services
from grants.api.serializers import ActionSerializer, BudgetLineSerializer, IndicatorSerializer
from grants.models import Action, BudgetCategory, BudgetSource, PartnerType, PolicyPriority, TargetGroup
from grants.selectors import get_application_for

YEAR = {"min_value": 1900, "max_value": 2999}
AMOUNT = {"max_digits": 12, "decimal_places": 2}


class ActionInputSerializer(serializers.Serializer):
    priority = serializers.SlugRelatedField(slug_field="code", queryset=PolicyPriority.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    bbc_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    years = serializers.ListField(child=serializers.IntegerField(**YEAR), max_length=20)
    target_groups = serializers.SlugRelatedField(slug_field="code", queryset=TargetGroup.objects.all(),
                                                 many=True, required=False)
    partners = serializers.SlugRelatedField(slug_field="code", queryset=PartnerType.objects.all(), many=True,
                                            required=False)


class IndicatorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=60)
    baseline = serializers.DecimalField(required=False, min_value=0, **AMOUNT)
    targets = serializers.DictField(child=serializers.DecimalField(**AMOUNT))


class BudgetLineInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    category = serializers.ChoiceField(choices=BudgetCategory.choices)
    source = serializers.ChoiceField(choices=BudgetSource.choices)
    amount = serializers.DecimalField(**AMOUNT)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _write(request, pk, input_class, output_class, write, created=False):
    get_application_for(request.user, pk)  # 404 before any word about the input
    serializer = input_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    saved = write(serializer.validated_data)
    return Response(output_class(saved).data, status=201 if created else 200)


def _action(action: Action) -> Action:
    """The action as the read serializer shows it, with its years and indicators fresh."""
    return Action.objects.select_related("priority").prefetch_related(
        "target_groups", "partners", "indicators", "years").get(pk=action.pk)


class ActionCreateView(APIView):
    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer},
                   operation_id="applications_actions_create")
    def post(self, request, pk):
        """Add an action to the plan."""
        return _write(request, pk, ActionInputSerializer, ActionSerializer,
                      lambda data: _action(services.save_action(request.user, pk, data)), created=True)


class ActionView(APIView):
    @extend_schema(request=ActionInputSerializer, responses=ActionSerializer,
                   operation_id="applications_actions_update")
    def put(self, request, pk, action_id):
        """Replace an action: priority, title, description, years, target groups, partners."""
        return _write(request, pk, ActionInputSerializer, ActionSerializer, lambda data: _action(
            services.save_action(request.user, pk, data, action_id=action_id)))

    @extend_schema(responses={204: None}, operation_id="applications_actions_destroy")
    def delete(self, request, pk, action_id):
        """Remove an action with its indicators."""
        services.delete_action(request.user, pk, action_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndicatorCreateView(APIView):
    @extend_schema(request=IndicatorInputSerializer, responses={201: IndicatorSerializer},
                   operation_id="applications_indicators_create")
    def post(self, request, pk, action_id):
        """Add an indicator, with a target for each year of the call, to an action."""
        return _write(request, pk, IndicatorInputSerializer, IndicatorSerializer, lambda data: (
            services.save_indicator(request.user, pk, action_id, data)), created=True)


class IndicatorView(APIView):
    @extend_schema(request=IndicatorInputSerializer, responses=IndicatorSerializer,
                   operation_id="applications_indicators_update")
    def put(self, request, pk, action_id, indicator_id):
        """Replace an indicator."""
        return _write(request, pk, IndicatorInputSerializer, IndicatorSerializer, lambda data: (
            services.save_indicator(request.user, pk, action_id, data, indicator_id=indicator_id)))

    @extend_schema(responses={204: None}, operation_id="applications_indicators_destroy")
    def delete(self, request, pk, action_id, indicator_id):
        """Remove an indicator."""
        services.delete_indicator(request.user, pk, action_id, indicator_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetLineCreateView(APIView):
    @extend_schema(request=BudgetLineInputSerializer, responses={201: BudgetLineSerializer},
                   operation_id="applications_budget_lines_create")
    def post(self, request, pk):
        """Add a budget line: year, kind of cost, source of funding and amount in euro."""
        return _write(request, pk, BudgetLineInputSerializer, BudgetLineSerializer, lambda data: (
            services.save_budget_line(request.user, pk, data)), created=True)


class BudgetLineView(APIView):
    @extend_schema(request=BudgetLineInputSerializer, responses=BudgetLineSerializer,
                   operation_id="applications_budget_lines_update")
    def put(self, request, pk, line_id):
        """Replace a budget line."""
        return _write(request, pk, BudgetLineInputSerializer, BudgetLineSerializer, lambda data: (
            services.save_budget_line(request.user, pk, data, line_id=line_id)))

    @extend_schema(responses={204: None}, operation_id="applications_budget_lines_destroy")
    def delete(self, request, pk, line_id):
        """Remove a budget line."""
        services.delete_budget_line(request.user, pk, line_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
