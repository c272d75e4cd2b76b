from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz, healthz_part

handler500 = "config.outage.server_error"

urlpatterns = [
    path("", include("pages.portal.urls")),
    path("departement/", include("pages.department.urls")),
    path("meldingen/", include("notifications.urls")),
    path("monitoring/", include("pages.committee.urls")),
    path("api/", include("config.api_urls")),
    path("aanmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("healthz/<str:part>", healthz_part, name="healthz-part"),
]
if apps.is_installed("mozilla_django_oidc"):  # single sign-on, when production settings enable it
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
