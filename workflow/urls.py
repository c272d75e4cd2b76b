"""The workflow's pages: the department's workspace and the decision letters."""

from django.urls import include, path

urlpatterns = [
    path("departement/", include("workflow.urls_department")),
    path("", include("workflow.urls_letters")),
]
