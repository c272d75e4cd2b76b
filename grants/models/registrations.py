"""The registration of a new samenwerkingsverband by a municipality's user, which the department
confirms (the applicant organisation then exists) or refuses. Its lifecycle is the table in
``grants/registrations.py``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models.organisations import ApplicantKind, LegalForm


class RegistrationStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("aangemeld")
    BEVESTIGD = "bevestigd", _("bevestigd")
    GEWEIGERD = "geweigerd", _("geweigerd")


class Registration(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort aanvrager"), max_length=30, choices=ApplicantKind.choices,
                            default=ApplicantKind.SAMENWERKINGSVERBAND)
    legal_form = models.CharField(_("rechtsvorm"), max_length=40, choices=LegalForm.choices, blank=True)
    kbo_number = models.CharField(_("ondernemingsnummer"), max_length=12, blank=True)
    lead_municipality = models.ForeignKey("grants.Municipality", on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("penvoerder"))
    members = models.ManyToManyField("grants.Municipality", related_name="+",
                                     verbose_name=_("deelnemende gemeenten"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.AANGEMELD, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("aangemeld door"))
    registered_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("behandeld door"))
    decided_at = models.DateTimeField(_("behandeld op"), null=True, blank=True)
    reason = models.TextField(_("reden van de weigering"), blank=True)
    applicant = models.OneToOneField("grants.Applicant", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="registration", verbose_name=_("aanvrager"))

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("aanmelding van een samenwerkingsverband")
        verbose_name_plural = _("aanmeldingen van samenwerkingsverbanden")

    def __str__(self) -> str:
        return self.name
