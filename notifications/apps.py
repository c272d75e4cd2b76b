from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen en herinneringen")

    def ready(self) -> None:
        from notifications import receivers  # noqa: F401  (connects the workflow's signals)
