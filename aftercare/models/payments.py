"""Payments: each granted year becomes tranches after the call's payment schedule
(grants.PaymentTerm), each planned → proposed → approved by a second person → paid.

The status moves only through ``aftercare.services.fire`` (the table in aftercare/machine.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application, PaymentTerm, PaymentTermKind


class TrancheStatus(models.TextChoices):
    GEPLAND = "gepland", _("gepland")
    VOORGESTELD = "voorgesteld", _("ter goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
    BETAALD = "betaald", _("betaald")
    GESCHRAPT = "geschrapt", _("geschrapt")


COMMITTED_TRANCHE_STATUSES = tuple(s for s in TrancheStatus if s != TrancheStatus.GESCHRAPT)
"""What the department still owes or paid: every tranche but a cancelled one."""
SETTLED_TRANCHE_STATUSES = (TrancheStatus.BETAALD, TrancheStatus.GESCHRAPT)
"""Nothing more happens to the tranche."""


class Tranche(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="tranches", verbose_name=_("aanvraag")
    )
    year = models.PositiveSmallIntegerField(_("werkingsjaar"))
    term = models.ForeignKey(PaymentTerm, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("schijf van het betalingsschema"))
    kind = models.CharField(_("soort schijf"), max_length=20, choices=PaymentTermKind.choices)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=14, decimal_places=2)
    expected_on = models.DateField(_("verwacht op"))
    status = models.CharField(_("status"), max_length=20, choices=TrancheStatus.choices,
                              default=TrancheStatus.GEPLAND, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("voorgesteld door"))
    proposed_at = models.DateTimeField(_("voorgesteld op"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("goedgekeurd door"))
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    reference = models.CharField(_("betalingsreferentie"), max_length=60, blank=True)

    class Meta:
        ordering = ["application", "year", "term__order"]
        constraints = [models.UniqueConstraint(fields=["application", "year", "term"], name="tranche_once")]
        verbose_name = _("schijf")
        verbose_name_plural = _("schijven")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_kind_display()} {self.year}"
