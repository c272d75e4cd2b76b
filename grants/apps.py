from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Oproepen en aanvragen")

    def ready(self):
        from grants import auth  # noqa: F401  (connects the signals that keep the user cache true)
