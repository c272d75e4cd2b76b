"""The department's workspace, mounted under /departement/ (URL names start with "department-")."""

from django.urls import path

from pages.department import calls, decisions, dossier, letters, municipalities, steps, work

urlpatterns = [
    path("", calls.home, name="department-home"),
    path("oproepen/<slug:call_code>/aanvragen/", calls.application_list, name="department-list"),
    path("oproepen/<slug:call_code>/aanvragen/export.<str:fmt>", calls.list_export,
         name="department-list-export"),
    path("oproepen/<slug:call_code>/dashboard/", calls.dashboard, name="department-dashboard"),
    path("oproepen/<slug:call_code>/dashboard/export.<str:fmt>", calls.dashboard_export,
         name="department-dashboard-export"),
    path("oproepen/<slug:call_code>/verdeling/", decisions.distribution_page, name="department-distribution"),
    path("oproepen/<slug:call_code>/akte/", decisions.collective_act, name="department-collective-act"),
    path("akten/<int:pk>/", decisions.act_page, name="department-act"),
    path("akten/<int:pk>/bijlage.<str:fmt>", decisions.act_annex, name="department-act-annex"),
    path("aanvragen/<int:pk>/", dossier.dossier_page, name="department-dossier"),
    path("aanvragen/<int:pk>/stap/<slug:step_name>/", steps.step_page, name="department-step"),
    path("aanvragen/<int:pk>/belangenconflict/", dossier.conflict_page, name="department-conflict"),
    path("aanvragen/<int:pk>/beoordeling/", dossier.assessment_page, name="department-assessment"),
    path("aanvragen/<int:pk>/notities/", dossier.note_add, name="department-note"),
    path("gemeenten/", municipalities.municipalities, name="department-municipalities"),
    path("gemeenten/<int:pk>/vdab/", municipalities.municipality_edit, name="department-municipality"),
    path("regiegebieden/vormen/", municipalities.regiegebieden_form, name="department-regiegebieden-form"),
    path("regiegebieden/<int:pk>/vdab/", municipalities.regiegebied_edit, name="department-regiegebied"),
    path("oproepen/<slug:call_code>/brieven/", letters.batches, name="letter-batches"),
    path("oproepen/<slug:call_code>/uitstel/", work.extensions, name="department-extensions"),
    path("werkvoorraad/", work.work_queue, name="department-queue"),
    path("aanmeldingen/", work.registration_list, name="department-registrations"),
    path("aanmeldingen/<int:pk>/", work.registration_decide, name="department-registration"),
    path("brieven/<int:pk>/", letters.batch_progress, name="letter-batch"),
    path("brieven/<int:pk>/brieven.zip", letters.download_batch, name="letter-batch-download"),
]
