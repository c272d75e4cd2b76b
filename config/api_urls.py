"""/api/v1/ and the OpenAPI schema; each app contributes its own views."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from aftercare import api as aftercare_api
from config.api_errors import not_found_body
from grants.api import plan
from grants.api import views as grants_api
from notifications.api import NotificationViewSet
from workflow import api as workflow_api

router = DefaultRouter()
router.include_root_view = False
router.register("calls", grants_api.CallViewSet, basename="api-call")
router.register("municipalities", grants_api.MunicipalityViewSet, basename="api-municipality")
router.register("applicants", grants_api.ApplicantViewSet, basename="api-applicant")
router.register("applications", grants_api.ApplicationViewSet, basename="api-application")
router.register("notifications", NotificationViewSet, basename="api-notification")

v1 = [
    path("applications/<int:pk>/transitions/", workflow_api.TransitionListView.as_view(),
         name="api-transitions"),
    path("applications/<int:pk>/transitions/<slug:name>/", workflow_api.TransitionFireView.as_view(),
         name="api-transition-fire"),
    path("applications/<int:pk>/audit/", workflow_api.AuditTrailView.as_view(), name="api-audit"),
    path("applications/<int:pk>/letter/", workflow_api.LetterView.as_view(), name="api-letter"),
    path("applications/<int:pk>/actions/", plan.ActionCreateView.as_view(), name="api-actions"),
    path("applications/<int:pk>/actions/<int:action_id>/", plan.ActionView.as_view(), name="api-action"),
    path("applications/<int:pk>/actions/<int:action_id>/indicators/", plan.IndicatorCreateView.as_view(),
         name="api-indicators"),
    path("applications/<int:pk>/actions/<int:action_id>/indicators/<int:indicator_id>/",
         plan.IndicatorView.as_view(), name="api-indicator"),
    path("applications/<int:pk>/budget-lines/", plan.BudgetLineCreateView.as_view(), name="api-budget-lines"),
    path("applications/<int:pk>/budget-lines/<int:line_id>/", plan.BudgetLineView.as_view(),
         name="api-budget-line"),
    path("applications/<int:pk>/aftercare/", aftercare_api.AftercareView.as_view(), name="api-aftercare"),
    path("applications/<int:pk>/reports/<int:year>/", aftercare_api.ReportView.as_view(), name="api-report"),
    path("applications/<int:pk>/recoveries/", aftercare_api.RecoveryProposeView.as_view(),
         name="api-recoveries-new"),
    path("reports/", aftercare_api.ReportListView.as_view(), name="api-reports"),
    path("reports/<int:pk>/attachments/", aftercare_api.ReportAttachmentView.as_view(),
         name="api-report-attachments"),
    path("tranches/", aftercare_api.TrancheListView.as_view(), name="api-tranches"),
    path("recoveries/", aftercare_api.RecoveryListView.as_view(), name="api-recoveries"),
    path("<slug:resource>/<int:pk>/steps/", aftercare_api.StepListView.as_view(), name="api-aftercare-steps"),
    path("<slug:resource>/<int:pk>/steps/<slug:name>/", aftercare_api.StepFireView.as_view(),
         name="api-aftercare-step"),
    path("calls/<slug:code>/payments/", aftercare_api.PaymentFiguresView.as_view(),
         name="api-payment-figures"),
    path("", include(router.urls)),
]



@csrf_exempt  # nothing to protect, and a refused POST should still get the JSON error
def not_found(request, path):
    """A path under /api/ that matches nothing gets the API's JSON error, not an HTML page."""
    return JsonResponse(not_found_body(), status=404)


urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^(?P<path>[\s\S]*)\Z", not_found),
]
