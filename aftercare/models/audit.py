"""The aftercare's audit trail: every step on a yearly report, a tranche or a recovery, written
once and never changed (workflow's AppendOnlyModel; on PostgreSQL a trigger too)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application
from workflow.models.audit import AppendOnlyModel


class AftercareEvent(AppendOnlyModel):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="aftercare_events", verbose_name=_("aanvraag")
    )
    lifecycle = models.CharField(_("levensloop"), max_length=20)  # aftercare.machine.LIFECYCLES
    object_id = models.PositiveBigIntegerField(_("voorwerp"))
    step = models.CharField(_("stap"), max_length=40)
    from_status = models.CharField(_("van"), max_length=30, blank=True)
    to_status = models.CharField(_("naar"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgevoerd door"),
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    comment = models.TextField(
        _("toelichting"), blank=True, help_text=_("Intern: alleen voor het departement.")
    )
    message = models.TextField(_("tekst voor de aanvrager"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    visible_to_applicant = models.BooleanField(_("zichtbaar voor de aanvrager"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("auditregel opvolging")
        verbose_name_plural = _("auditspoor opvolging")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.lifecycle} {self.step} {self.actor}"
