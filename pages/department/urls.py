"""The department's workspace, mounted under /departement/ (URL names start with "department-")."""

from django.urls import path

from workflow.views import department as views

urlpatterns = [
    path("", views.home, name="department-home"),
    path("oproepen/<slug:call_code>/aanvragen/", views.application_list, name="department-list"),
    path("oproepen/<slug:call_code>/aanvragen/export.<str:fmt>", views.list_export,
         name="department-list-export"),
    path("oproepen/<slug:call_code>/dashboard/", views.dashboard, name="department-dashboard"),
    path("oproepen/<slug:call_code>/dashboard/export.<str:fmt>", views.dashboard_export,
         name="department-dashboard-export"),
    path("aanvragen/<int:pk>/", views.dossier_page, name="department-dossier"),
    path("aanvragen/<int:pk>/stap/<slug:step_name>/", views.step_page, name="department-step"),
    path("aanvragen/<int:pk>/belangenconflict/", views.conflict_page, name="department-conflict"),
    path("aanvragen/<int:pk>/beoordeling/", views.assessment_page, name="department-assessment"),
    path("aanvragen/<int:pk>/notities/", views.note_add, name="department-note"),
    path("gemeenten/", views.municipalities, name="department-municipalities"),
    path("gemeenten/<int:pk>/vdab/", views.municipality_edit, name="department-municipality"),
]
