"""The workflow's pages: the applicant's submission side, the department's workspace, letters."""

from django.urls import include, path

urlpatterns = [
    path("", include("workflow.urls_portal")),
    path("departement/", include("workflow.urls_department")),
    path("", include("workflow.urls_letters")),
]
