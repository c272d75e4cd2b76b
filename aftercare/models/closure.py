"""Closure (afgesloten): the dossier is done once every report is approved and every tranche
paid or cancelled, and every recovery settled or rejected (aftercare.effects.close_when_done)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application


class Closure(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="closure",
                                       verbose_name=_("aanvraag"))
    closed_at = models.DateTimeField(_("afgesloten op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")

    def __str__(self) -> str:
        return f"{self.application} ({_('afgesloten')})"
