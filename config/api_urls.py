"""/api/v1/ and the OpenAPI schema; each app contributes its own views."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from aftercare import api as aftercare_api
from config.api_errors import not_found_body
from grants.api import attachments, plan, reference
from grants.api import registrations as api_registrations
from grants.api import views as grants_api
from monitoring import api as monitoring_api
from monitoring import api_agreements
from notifications.api import NotificationViewSet
from workflow import api as workflow_api
from workflow import api_acts, api_letters, api_records, api_review

router = DefaultRouter()
router.include_root_view = False
router.register("calls", grants_api.CallViewSet, basename="api-call")
router.register("municipalities", grants_api.MunicipalityViewSet, basename="api-municipality")
router.register("applicants", grants_api.ApplicantViewSet, basename="api-applicant")
router.register("applications", grants_api.ApplicationViewSet, basename="api-application")
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("target-groups", reference.TargetGroupViewSet, basename="api-target-group")
router.register("partners", reference.PartnerTypeViewSet, basename="api-partner")
router.register("attachment-types", reference.AttachmentTypeViewSet, basename="api-attachment-type")

v1 = [
    path("applications/<int:pk>/transitions/", workflow_api.TransitionListView.as_view(),
         name="api-transitions"),
    path("applications/<int:pk>/transitions/<slug:name>/", workflow_api.TransitionFireView.as_view(),
         name="api-transition-fire"),
    path("applications/<int:pk>/audit/", workflow_api.AuditTrailView.as_view(), name="api-audit"),
    path("applications/<int:pk>/letter/", workflow_api.LetterView.as_view(), name="api-letter"),
    path("applications/<int:pk>/extensions/", workflow_api.ExtensionView.as_view(), name="api-extensions"),
    path("applications/<int:pk>/partnership/", api_registrations.PartnershipView.as_view(),
         name="api-partnership"),
    path("registrations/", api_registrations.RegistrationListView.as_view(), name="api-registrations"),
    path("registrations/<int:pk>/steps/<slug:name>/", api_registrations.RegistrationStepView.as_view(),
         name="api-registration-step"),
    path("work-queue/", workflow_api.WorkQueueView.as_view(), name="api-work-queue"),
    path("applications/<int:pk>/actions/", plan.ActionCreateView.as_view(), name="api-actions"),
    path("applications/<int:pk>/actions/<int:action_id>/", plan.ActionView.as_view(), name="api-action"),
    path("applications/<int:pk>/actions/<int:action_id>/indicators/", plan.IndicatorCreateView.as_view(),
         name="api-indicators"),
    path("applications/<int:pk>/actions/<int:action_id>/indicators/<int:indicator_id>/",
         plan.IndicatorView.as_view(), name="api-indicator"),
    path("applications/<int:pk>/budget-lines/", plan.BudgetLineCreateView.as_view(), name="api-budget-lines"),
    path("applications/<int:pk>/budget-lines/<int:line_id>/", plan.BudgetLineView.as_view(),
         name="api-budget-line"),
    path("applications/<int:pk>/municipalities/", grants_api.MembersView.as_view(), name="api-members"),
    path("applications/<int:pk>/attachments/", attachments.AttachmentListView.as_view(),
         name="api-attachments"),
    path("applications/<int:pk>/attachments/<int:attachment_id>/", attachments.AttachmentView.as_view(),
         name="api-attachment"),
    path("applications/<int:pk>/conflict-declarations/", api_review.ConflictDeclarationView.as_view(),
         name="api-conflict-declarations"),
    path("applications/<int:pk>/assessments/", api_review.AssessmentView.as_view(), name="api-assessments"),
    path("applications/<int:pk>/notes/", api_review.NoteView.as_view(), name="api-notes"),
    path("applications/<int:pk>/clarifications/", api_records.ClarificationListView.as_view(),
         name="api-clarifications"),
    path("applications/<int:pk>/decision/", api_records.DecisionView.as_view(), name="api-decision"),
    path("applications/<int:pk>/versions/", api_records.VersionListView.as_view(), name="api-versions"),
    path("applications/<int:pk>/versions/<int:number>/", api_records.VersionView.as_view(),
         name="api-version"),
    path("assignments/", api_review.AssignmentView.as_view(), name="api-assignments"),
    path("calls/<int:pk>/letter-batches/", api_letters.LetterBatchCreateView.as_view(),
         name="api-letter-batches"),
    path("letter-batches/<int:pk>/", api_letters.LetterBatchView.as_view(), name="api-letter-batch"),
    path("letter-batches/<int:pk>/zip/", api_letters.LetterBatchZipView.as_view(),
         name="api-letter-batch-zip"),
    path("statuses/", reference.StatusListView.as_view(), name="api-statuses"),
    path("monitoring/calls/<slug:code>/cooperation-agreements/",
         monitoring_api.ParliamentaryTableView.as_view(), name="api-monitoring-agreements"),
    path("calls/<slug:code>/decision-act/", api_acts.CollectiveActView.as_view(), name="api-decision-act"),
    path("calls/<slug:code>/distribution/", api_acts.DistributionView.as_view(), name="api-distribution"),
    path("decision-acts/", api_acts.DecisionActListView.as_view(), name="api-decision-acts"),
    path("decision-acts/<int:pk>/", api_acts.DecisionActView.as_view(), name="api-decision-act-detail"),
    path("decision-acts/<int:pk>/annex/pdf/", api_acts.AnnexPdfView.as_view(), name="api-decision-act-pdf"),
    path("decision-acts/<int:pk>/annex/xlsx/", api_acts.AnnexXlsxView.as_view(),
         name="api-decision-act-xlsx"),
    path("monitoring/calls/<slug:code>/dashboard/", monitoring_api.DashboardView.as_view(),
         name="api-monitoring-dashboard"),
    path("monitoring/calls/<slug:code>/aggregates/", monitoring_api.AggregatesView.as_view(),
         name="api-monitoring-aggregates"),
    path("monitoring/calls/<slug:code>/regiegebieden/", api_agreements.RegiegebiedenView.as_view(),
         name="api-monitoring-regiegebieden"),
    path("monitoring/calls/<slug:code>/agreement-imports/", api_agreements.AgreementImportView.as_view(),
         name="api-monitoring-agreement-imports"),
    path("monitoring/municipalities/", api_agreements.MunicipalityStateListView.as_view(),
         name="api-monitoring-municipalities"),
    path("monitoring/municipalities/<int:pk>/agreement-changes/",
         api_agreements.MunicipalityAgreementView.as_view(), name="api-monitoring-municipality-agreement"),
    path("monitoring/regiegebieden/<int:pk>/agreement-changes/",
         api_agreements.RegiegebiedAgreementView.as_view(), name="api-monitoring-regiegebied-agreement"),
    path("applications/<int:pk>/aftercare/", aftercare_api.AftercareView.as_view(), name="api-aftercare"),
    path("applications/<int:pk>/reports/<int:year>/", aftercare_api.ReportView.as_view(), name="api-report"),
    path("applications/<int:pk>/recoveries/", aftercare_api.RecoveryProposeView.as_view(),
         name="api-recoveries-new"),
    path("reports/", aftercare_api.ReportListView.as_view(), name="api-reports"),
    path("reports/<int:pk>/attachments/", aftercare_api.ReportAttachmentView.as_view(),
         name="api-report-attachments"),
    path("reports/<int:pk>/attachments/<int:attachment_id>/",
         aftercare_api.ReportAttachmentFileView.as_view(), name="api-report-attachment"),
    path("recoveries/<int:pk>/letter/", aftercare_api.RecoveryLetterView.as_view(),
         name="api-recovery-letter"),
    path("calls/<slug:code>/approved-payments/", aftercare_api.ApprovedPaymentsView.as_view(),
         name="api-approved-payments"),
    path("tranches/", aftercare_api.TrancheListView.as_view(), name="api-tranches"),
    path("recoveries/", aftercare_api.RecoveryListView.as_view(), name="api-recoveries"),
    # issue 23: changes, appeals and the letters as a series
    path("applications/<int:pk>/amendments/", aftercare_api.AmendmentsView.as_view(), name="api-amendments"),
    path("applications/<int:pk>/changes/", aftercare_api.ChangeReportView.as_view(), name="api-changes"),
    path("applications/<int:pk>/appeals/", aftercare_api.AppealFileView.as_view(), name="api-appeals"),
    path("applications/<int:pk>/letters/<int:position>/", aftercare_api.SeriesLetterView.as_view(),
         name="api-series-letter"),
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
