"""The workflow's pages still housed here: the applicant's submission side and the letters
(the department's workspace is in pages.department)."""

from django.urls import include, path

urlpatterns = [
    path("", include("workflow.urls_portal")),
    path("", include("workflow.urls_letters")),
]
