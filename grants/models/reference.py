"""Reference data: provinces, municipalities, policy priorities, target groups, partners.

All of it is loaded by ``manage.py load_reference_data`` and edited in the admin;
municipalities carry validity dates because they merge (the 2025 mergers).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The municipalities that existed on ``day`` (before or after a merger)."""
        return self.filter(Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Municipality(models.Model):
    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("provincie")
    )
    arrondissement = models.CharField(_("arrondissement"), max_length=100)
    population = models.PositiveIntegerField(_("inwoners"))
    population_year = models.PositiveSmallIntegerField(_("inwoners op 1 januari van"))
    is_centrumstad = models.BooleanField(_("centrumstad"), default=False)
    valid_from = models.DateField(_("bestaat sinds"))
    valid_until = models.DateField(_("bestaat tot en met"), null=True, blank=True)
    contact_email = models.EmailField(_("e-mailadres voor de oproep"), blank=True)
    # Loaded with the contact address (manage.py load_municipality_contacts): single sign-on
    # recognises the municipality's staff by it.
    kbo_number = models.CharField(_("ondernemingsnummer"), max_length=12, blank=True, db_index=True)

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class MunicipalityMembership(models.Model):
    """A user may act for a municipality (gemeente): see the applications it leads or takes part
    in, upload its own council decision and receive the e-mails about it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("gebruiker"),
                             related_name="municipality_memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"),
                                     related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "municipality"],
                                               name="one_membership_per_user_and_municipality")]
        verbose_name = _("gebruiker van een gemeente")
        verbose_name_plural = _("gebruikers van gemeenten")

    def __str__(self) -> str:
        return f"{self.user} — {self.municipality}"


class PolicyPriority(models.Model):
    """A Flemish policy priority with its external reporting code (WSE-LR1..4)."""

    code = models.CharField(_("rapporteringscode"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("beleidsprioriteit")
        verbose_name_plural = _("beleidsprioriteiten")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TargetGroup(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self) -> str:
        return self.name


class PartnerType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partnertype")
        verbose_name_plural = _("partnertypes")

    def __str__(self) -> str:
        return self.name
