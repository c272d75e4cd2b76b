"""Recovery (terugvordering): money paid for a year that the approved report does not cover
(less spent than paid) or whose condition was not met; proposed, decided by a second person
(with a numbered letter), and settled.

The status moves only through ``aftercare.services.fire`` (the table in aftercare/machine.py)."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application
from workflow.models.audit import AppendOnlyModel


class RecoveryStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("voorgesteld")
    BESLIST = "beslist", _("beslist, te betalen")
    VEREFFEND = "vereffend", _("vereffend")
    AFGEWEZEN = "afgewezen", _("afgewezen")


OPEN_RECOVERY_STATUSES = (RecoveryStatus.VOORGESTELD, RecoveryStatus.BESLIST)


class RecoveryReason(models.TextChoices):
    UNDERSPENT = "onderbesteding", _("minder besteed dan betaald")
    CONDITION = "voorwaarde", _("voorwaarde niet nageleefd")


class Recovery(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="recoveries", verbose_name=_("aanvraag")
    )
    year = models.PositiveSmallIntegerField(_("werkingsjaar"))
    reason = models.CharField(_("reden"), max_length=20, choices=RecoveryReason.choices)
    amount = models.DecimalField(_("terug te betalen (€)"), max_digits=14, decimal_places=2)
    motivation = models.TextField(_("motivering"))
    status = models.CharField(_("status"), max_length=20, choices=RecoveryStatus.choices,
                              default=RecoveryStatus.VOORGESTELD, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("voorgesteld door"))
    proposed_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("beslist door"))
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    settled_on = models.DateField(_("terugbetaald op"), null=True, blank=True)
    reference = models.CharField(_("referentie terugbetaling"), max_length=60, blank=True)

    class Meta:
        ordering = ["application", "year", "proposed_at", "pk"]
        verbose_name = _("terugvordering")
        verbose_name_plural = _("terugvorderingen")

    def __str__(self) -> str:
        return f"{self.application} — {_('terugvordering')} {self.year}"


def recovery_letter_path(instance, filename: str) -> str:
    return str(PurePosixPath("letters") / "recovery" / f"{uuid.uuid4().hex}.pdf")


class RecoveryLetter(AppendOnlyModel):
    """The recovery letter as sent: numbered per call, its SHA-256 kept, never changed."""

    recovery = models.OneToOneField(Recovery, on_delete=models.PROTECT, related_name="letter",
                                    verbose_name=_("terugvordering"))
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="+", verbose_name=_("oproep")
    )
    sequence = models.PositiveIntegerField(_("volgnummer"))
    file = models.FileField(_("bestand"), upload_to=recovery_letter_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["call", "sequence"]
        constraints = [models.UniqueConstraint(fields=["call", "sequence"], name="recovery_letter_sequence")]
        verbose_name = _("terugvorderingsbrief")
        verbose_name_plural = _("terugvorderingsbrieven")

    def __str__(self) -> str:
        return f"{self.recovery} ({_('brief')} {self.sequence})"

    @property
    def download_name(self) -> str:
        return f"terugvordering-{self.recovery.application.dossier_number}-{self.recovery.year}.pdf"
