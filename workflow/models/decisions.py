"""Decisions: the proposed outcome and amounts per year, approved by a second person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application, ApplicationStatus


class Outcome(models.TextChoices):
    TOEKENNING = "toekenning", _("toekenning")
    GEDEELTELIJKE_TOEKENNING = "gedeeltelijke_toekenning", _("gedeeltelijke toekenning")
    WEIGERING = "weigering", _("weigering")


OUTCOME_STATUS = {
    Outcome.TOEKENNING: ApplicationStatus.TOEGEKEND,
    Outcome.GEDEELTELIJKE_TOEKENNING: ApplicationStatus.GEDEELTELIJK_TOEGEKEND,
    Outcome.WEIGERING: ApplicationStatus.GEWEIGERD,
}


class DecisionProposal(models.Model):
    """A reviewer's proposed decision; a beslisser other than the proposer approves it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="decision_proposals", verbose_name=_("aanvraag")
    )
    outcome = models.CharField(_("voorstel"), max_length=30, choices=Outcome.choices)
    amounts = models.JSONField(_("bedrag per jaar"), help_text=_('Bijvoorbeeld {"2023": "50000.00"}.'))
    motivation = models.TextField(_("motivering"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    returned = models.BooleanField(_("teruggestuurd"), default=False)

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("beslissingsvoorstel")
        verbose_name_plural = _("beslissingsvoorstellen")

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"
