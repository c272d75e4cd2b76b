"""The applicant's submission and follow-up pages (URL names start with "portal-")."""

from django.urls import path

from workflow.views import portal

urlpatterns = [
    path("aanvragen/<int:pk>/indienen/", portal.submit, name="portal-submit"),
    path("aanvragen/<int:pk>/ontvangstbewijs/", portal.receipt, name="portal-receipt"),
    path("aanvragen/<int:pk>/opvolging/", portal.status, name="portal-status"),
    path("aanvragen/<int:pk>/intrekken/", portal.withdraw, name="portal-withdraw"),
]
