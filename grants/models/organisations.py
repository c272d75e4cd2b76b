"""Applicant organisations and the users who may act for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.validators import format_kbo, normalize_kbo, validate_kbo


class ApplicantKind(models.TextChoices):
    SAMENWERKINGSVERBAND = "samenwerkingsverband", _("samenwerkingsverband")
    CENTRUMSTAD = "centrumstad", _("centrumstad")
    GEMEENTE = "gemeente", _("gemeente")


class LegalForm(models.TextChoices):
    INTERLOKALE_VERENIGING = "interlokale_vereniging", _("interlokale vereniging")
    PROJECTVERENIGING = "projectvereniging", _("projectvereniging")
    DIENSTVERLENENDE_VERENIGING = "dienstverlenende_vereniging", _("dienstverlenende vereniging")
    OPDRACHTHOUDENDE_VERENIGING = "opdrachthoudende_vereniging", _("opdrachthoudende vereniging")
    WELZIJNSVERENIGING = "welzijnsvereniging", _("welzijnsvereniging")


def centrumstad_refusal(kind: str, lead_municipality) -> str | None:
    """Why this organisation cannot apply as a centrumstad (None when it can): only a municipality
    on the list of centrumsteden may; anyone else must reach the call's minimum population."""
    if kind != ApplicantKind.CENTRUMSTAD or lead_municipality is None or lead_municipality.is_centrumstad:
        return None
    return _("%(municipality)s staat niet op de lijst van centrumsteden en kan dus niet als centrumstad "
             "aanvragen. Dien in als samenwerkingsverband met genoeg inwoners samen.") % {
        "municipality": lead_municipality.name}


class Applicant(models.Model):
    """An organisation that applies: a samenwerkingsverband, a centrumstad or a gemeente."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort aanvrager"), max_length=30, choices=ApplicantKind.choices)
    legal_form = models.CharField(
        _("rechtsvorm"), max_length=40, choices=LegalForm.choices, blank=True
    )
    kbo_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=12,
        blank=True,
        validators=[validate_kbo],
        help_text=_("Tien cijfers, bijvoorbeeld 0314.595.348. Leeg voor een vereniging zonder "
                    "rechtspersoonlijkheid: dan geldt dat van de penvoerder."),
    )
    lead_municipality = models.ForeignKey(
        "grants.Municipality",
        on_delete=models.PROTECT,
        related_name="led_applicants",
        verbose_name=_("penvoerder"),
    )
    address = models.CharField(_("adres"), max_length=300, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("gebruikers"),
    )

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanvrager")
        verbose_name_plural = _("aanvragers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.kbo_number:
            self.kbo_number = normalize_kbo(self.kbo_number)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == ApplicantKind.SAMENWERKINGSVERBAND and not self.legal_form:
            raise ValidationError({"legal_form": _("Kies de rechtsvorm van het samenwerkingsverband.")})
        if self.kind != ApplicantKind.SAMENWERKINGSVERBAND and self.legal_form:
            raise ValidationError({"legal_form": _("Alleen een samenwerkingsverband heeft een rechtsvorm.")})
        lead = self.lead_municipality if self.lead_municipality_id else None
        if refusal := centrumstad_refusal(self.kind, lead):
            raise ValidationError({"kind": refusal})

    @property
    def kbo_display(self) -> str:
        return format_kbo(self.kbo_number) if self.kbo_number else ""


class OrganisationMembership(models.Model):
    """A user may act for an applicant organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("gebruiker"))
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, verbose_name=_("aanvrager"))
    function = models.CharField(_("functie"), max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "applicant"], name="one_membership_per_user")
        ]
        verbose_name = _("gebruiker van een aanvrager")
        verbose_name_plural = _("gebruikers van aanvragers")

    def __str__(self) -> str:
        return f"{self.user} — {self.applicant}"
