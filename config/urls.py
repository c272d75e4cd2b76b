from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("", include("pages.portal.urls")),
    path("departement/", include("pages.department.urls")),
    path("meldingen/", include("notifications.urls")),
    path("api/", include("config.api_urls")),
    path("aanmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
if apps.is_installed("mozilla_django_oidc"):  # single sign-on, when production settings enable it
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
