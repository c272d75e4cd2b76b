"""Decisions: the proposed outcome and amounts per year, approved by a second person, and the
act (ministerial decree or decision under delegation) that an approval is taken in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import ActKind, Application, ApplicationStatus
from workflow.models.audit import AppendOnlyModel


class Outcome(models.TextChoices):
    TOEKENNING = "toekenning", _("toekenning")
    GEDEELTELIJKE_TOEKENNING = "gedeeltelijke_toekenning", _("gedeeltelijke toekenning")
    WEIGERING = "weigering", _("weigering")


OUTCOME_STATUS = {
    Outcome.TOEKENNING: ApplicationStatus.TOEGEKEND,
    Outcome.GEDEELTELIJKE_TOEKENNING: ApplicationStatus.GEDEELTELIJK_TOEGEKEND,
    Outcome.WEIGERING: ApplicationStatus.GEWEIGERD,
}


class DecisionAct(AppendOnlyModel):
    """The act a decision is taken in: one for the whole call (collective) or one per dossier.
    Recorded once, never changed; every approved proposal refers to its act."""

    call = models.ForeignKey("grants.Call", on_delete=models.PROTECT, related_name="decision_acts",
                             verbose_name=_("oproep"))
    kind = models.CharField(_("soort akte"), max_length=30, choices=ActKind.choices)
    number = models.CharField(_("nummer"), max_length=60)
    date = models.DateField(_("datum"))
    signer_name = models.CharField(_("naam van de ondertekenaar"), max_length=120)
    signer_function = models.CharField(_("functie van de ondertekenaar"), max_length=200)
    delegation_basis = models.CharField(
        _("grond van de delegatie"), max_length=300, blank=True,
        help_text=_("Verplicht bij een beslissing bij delegatie, bijvoorbeeld het delegatiebesluit en "
                    "artikel."),
    )
    collective = models.BooleanField(_("voor de hele oproep"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="act_number_per_kind")]
        verbose_name = _("beslissingsakte")
        verbose_name_plural = _("beslissingsakten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.date:%d/%m/%Y})"


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
    inadmissible = models.BooleanField(
        _("na onontvankelijkheid"), default=False,
        help_text=_("De aanvraag werd onontvankelijk verklaard: de brief is een beslissing van "
                    "onontvankelijkheid."),
    )
    rule_version = models.PositiveSmallIntegerField(_("versie van de bedragregel"), null=True, blank=True)
    rule_amounts = models.JSONField(_("bedrag per jaar volgens de regel"), default=dict, blank=True)
    deviation_motivation = models.TextField(_("motivering van de afwijking van de regel"), blank=True)
    act = models.ForeignKey(DecisionAct, on_delete=models.PROTECT, related_name="proposals", null=True,
                            blank=True, verbose_name=_("akte"))
    envelope_override = models.TextField(
        _("motivering van de overschrijding van het jaarbudget"), blank=True,
        help_text=_("Alleen wanneer de beslisser uitdrukkelijk boven het jaarbudget goedkeurde."),
    )

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("beslissingsvoorstel")
        verbose_name_plural = _("beslissingsvoorstellen")

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"
