"""Cooperation agreements (samenwerkingsovereenkomsten, SO) with VDAB, and the regiegebieden.

An agreement is not a yes/no on a municipality but a history: each change of status is a row
with the day it took effect and, while not yet signed, the expected day of signature. The
status "on day X" is the last change on or before X, so every figure can be asked for any
day (``monitoring.agreements``). Rows are only added, never changed: a correction is a new
row, and who recorded what, when, stays visible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    AFGESLOTEN = "afgesloten", _("afgesloten")
    IN_ONDERHANDELING = "in_onderhandeling", _("in onderhandeling")
    OP_TE_STARTEN = "op_te_starten", _("gesprekken nog op te starten")


class Regiegebied(models.Model):
    """A directing area of a call: the municipalities of one submitted (or granted)
    application, or, for an earlier call, as the department records them."""

    call = models.ForeignKey("grants.Call", on_delete=models.PROTECT, related_name="regiegebieden",
                             verbose_name=_("oproep"))
    name = models.CharField(_("naam"), max_length=200)
    province = models.ForeignKey("grants.Province", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("provincie"))
    application = models.OneToOneField("grants.Application", on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="regiegebied", verbose_name=_("aanvraag"))
    municipalities = models.ManyToManyField("grants.Municipality", related_name="regiegebieden",
                                            verbose_name=_("gemeenten"))
    # For ?updated_since=: also moved when its municipalities change (grants.agreements.regiegebied_of).
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["province__name", "name"]
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="regiegebied_name_per_call")]
        verbose_name = _("regiegebied")
        verbose_name_plural = _("regiegebieden")

    def __str__(self) -> str:
        return self.name


class RegiegebiedMember(models.Model):
    """A municipality's membership of a regiegebied from or until a day, written when an
    accepted change (aftercare: a member joining or leaving) moves it. A municipality in
    ``Regiegebied.municipalities`` without such a row has been a member all along; the
    members on a day are read by ``grants.agreements.members_on``."""

    regiegebied = models.ForeignKey(Regiegebied, on_delete=models.CASCADE, related_name="dated_members",
                                    verbose_name=_("regiegebied"))
    municipality = models.ForeignKey("grants.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    since = models.DateField(_("lid sinds"), null=True, blank=True, help_text=_("Leeg: van bij het begin."))
    until = models.DateField(_("lid tot"), null=True, blank=True,
                             help_text=_("De eerste dag dat de gemeente geen lid meer is; leeg: nog lid."))

    class Meta:
        ordering = ["regiegebied", "municipality", "since"]
        verbose_name = _("lidmaatschap van een regiegebied")
        verbose_name_plural = _("lidmaatschappen van regiegebieden")

    def __str__(self) -> str:
        return f"{self.municipality} in {self.regiegebied}"

    def covers(self, day) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


class AgreementChange(models.Model):
    """One change of the cooperation agreement of a municipality or of a regiegebied."""

    municipality = models.ForeignKey("grants.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="agreement_changes",
                                     verbose_name=_("gemeente"))
    regiegebied = models.ForeignKey(Regiegebied, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="agreement_changes", verbose_name=_("regiegebied"))
    status = models.CharField(_("status"), max_length=30, choices=AgreementStatus.choices)
    since = models.DateField(_("sinds"), help_text=_("De dag waarop deze status inging."))
    expected_signature = models.DateField(_("verwachte ondertekening"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("geregistreerd door"))
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        ordering = ["since", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(municipality__isnull=True) ^ Q(regiegebied__isnull=True),
            name="agreement_of_a_municipality_or_a_regiegebied")]
        indexes = [models.Index(fields=["municipality", "since"]),
                   models.Index(fields=["regiegebied", "since"])]
        verbose_name = _("wijziging samenwerkingsovereenkomst")
        verbose_name_plural = _("wijzigingen samenwerkingsovereenkomst")

    def __str__(self) -> str:
        return f"{self.municipality or self.regiegebied}: {self.get_status_display()} ({self.since:%d/%m/%Y})"
