"""The department's workspace, mounted under /departement/ (URL names start with "department-")."""

from django.urls import path

from pages.department import aftercare, calls, dossier, letters, municipalities, steps

urlpatterns = [
    path("", calls.home, name="department-home"),
    path("oproepen/<slug:call_code>/aanvragen/", calls.application_list, name="department-list"),
    path("oproepen/<slug:call_code>/aanvragen/export.<str:fmt>", calls.list_export,
         name="department-list-export"),
    path("oproepen/<slug:call_code>/dashboard/", calls.dashboard, name="department-dashboard"),
    path("oproepen/<slug:call_code>/dashboard/export.<str:fmt>", calls.dashboard_export,
         name="department-dashboard-export"),
    path("aanvragen/<int:pk>/", dossier.dossier_page, name="department-dossier"),
    path("aanvragen/<int:pk>/stap/<slug:step_name>/", steps.step_page, name="department-step"),
    path("aanvragen/<int:pk>/belangenconflict/", dossier.conflict_page, name="department-conflict"),
    path("aanvragen/<int:pk>/beoordeling/", dossier.assessment_page, name="department-assessment"),
    path("aanvragen/<int:pk>/notities/", dossier.note_add, name="department-note"),
    path("gemeenten/", municipalities.municipalities, name="department-municipalities"),
    path("gemeenten/<int:pk>/vdab/", municipalities.municipality_edit, name="department-municipality"),
    path("oproepen/<slug:call_code>/brieven/", letters.batches, name="letter-batches"),
    path("brieven/<int:pk>/", letters.batch_progress, name="letter-batch"),
    path("oproepen/<slug:call_code>/jaarverslagen/", aftercare.report_list, name="department-reports"),
    path("oproepen/<slug:call_code>/jaarverslagen/export.<str:fmt>", aftercare.report_export,
         name="department-reports-export"),
    path("oproepen/<slug:call_code>/betalingen/", aftercare.payment_list, name="department-payments"),
    path("oproepen/<slug:call_code>/betalingen/export.<str:fmt>", aftercare.payment_export,
         name="department-payments-export"),
    path("oproepen/<slug:call_code>/betalingen/goedgekeurd.<str:fmt>", aftercare.approved_payments_export,
         name="department-approved-payments-export"),
    path("aanvragen/<int:pk>/opvolging/", aftercare.dossier_page, name="department-aftercare"),
    path("jaarverslagen/<int:pk>/", aftercare.report_page, name="department-report"),
    path("opvolging/<slug:lifecycle_name>/<int:pk>/stap/<slug:step_name>/", aftercare.step_page,
         name="department-aftercare-step"),
    path("terugvorderingen/<int:pk>/brief.pdf", aftercare.recovery_letter, name="department-recovery-letter"),
    path("brieven/<int:pk>/brieven.zip", letters.download_batch, name="letter-batch-download"),
]
