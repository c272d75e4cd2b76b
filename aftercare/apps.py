from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = _("Opvolging na de beslissing")

    def ready(self) -> None:
        from aftercare import receivers  # noqa: F401 - connects the receivers
