"""An application (aanvraag) and its multi-year plan: actions, indicators, budget, attachments.

The application's status is an FSMField whose transitions live in ``workflow``; nothing
here changes it. The content below is edited by the applicant while the status allows it.
"""

import re
import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from grants.validators import format_iban, normalize_iban, validate_belgian_iban


class ApplicationStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    INGEDIEND = "ingediend", _("ingediend")
    ONTVANKELIJK = "ontvankelijk", _("ontvankelijk")
    ONONTVANKELIJK = "onontvankelijk", _("onontvankelijk")
    IN_BEOORDELING = "in_beoordeling", _("in beoordeling")
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("aanvulling gevraagd")
    BESLISSING_VOORGESTELD = "beslissing_voorgesteld", _("beslissing voorgesteld")
    TOEGEKEND = "toegekend", _("toegekend")
    GEDEELTELIJK_TOEGEKEND = "gedeeltelijk_toegekend", _("gedeeltelijk toegekend")
    GEWEIGERD = "geweigerd", _("geweigerd")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


# The groups of statuses the system asks about, named once here, beside the statuses.
_S = ApplicationStatus
EDITABLE_STATUSES = (_S.CONCEPT, _S.AANVULLING_GEVRAAGD)
"""The applicant may change the contents (a draft, or while answering a clarification)."""
LIVE_STATUSES = tuple(s for s in _S if s != _S.INGETROKKEN)
"""Not withdrawn: the application holds its municipalities and is the applicant's one for the call."""
SUBMITTED_STATUSES = tuple(s for s in LIVE_STATUSES if s != _S.CONCEPT)
"""Submitted at least once and not withdrawn: what the department counts."""
DECIDED_STATUSES = (_S.TOEGEKEND, _S.GEDEELTELIJK_TOEGEKEND, _S.GEWEIGERD)
"""A decision was approved: the dossier has (or gets) its decision letter."""
GRANTED_STATUSES = (_S.TOEGEKEND, _S.GEDEELTELIJK_TOEGEKEND)
"""Decided with money: the municipalities count as covered."""
BEFORE_DECISION_STATUSES = tuple(s for s in LIVE_STATUSES if s not in DECIDED_STATUSES)
"""Not yet decided and not withdrawn: the applicant may still withdraw."""
WAITING_ON_REVIEWER_STATUSES = (_S.INGEDIEND, _S.ONTVANKELIJK, _S.IN_BEOORDELING)
"""The next step is the dossierbehandelaar's (the subject of the reviewer's reminder)."""


class PartnershipStatus(models.TextChoices):
    """What the call asks of a samenwerkingsverband: the same as in the previous period, changed,
    or new."""

    BESTAAND = "bestaand", _("bestaand")
    GEWIJZIGD = "gewijzigd", _("gewijzigd")
    NIEUW = "nieuw", _("nieuw")


class Application(ConcurrentTransitionMixin, models.Model):
    """A save that finds the status changed since the row was read fails (ConcurrentTransition)."""

    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="applications", verbose_name=_("oproep")
    )
    applicant = models.ForeignKey(
        "grants.Applicant", on_delete=models.PROTECT, related_name="applications", verbose_name=_("aanvrager")
    )
    status = FSMField(
        _("status"),
        default=ApplicationStatus.CONCEPT,
        choices=ApplicationStatus.choices,
        protected=True,
        db_index=True,
    )
    dossier_number = models.CharField(
        _("dossiernummer"), max_length=30, unique=True, null=True, blank=True
    )
    municipalities = models.ManyToManyField(
        "grants.Municipality",
        through="ApplicationMunicipality",
        related_name="applications",
        verbose_name=_("deelnemende gemeenten"),
    )
    partnership_status = models.CharField(
        _("samenwerkingsverband ten opzichte van de vorige periode"), max_length=20,
        choices=PartnershipStatus.choices, blank=True)
    left_municipalities = models.ManyToManyField(
        "grants.Municipality", blank=True, related_name="+",
        verbose_name=_("gemeenten die sinds de vorige periode uitstapten"))
    environment_analysis = models.TextField(_("omgevingsanalyse"), blank=True)
    vision = models.TextField(_("beleidsvisie"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    director_name = models.CharField(_("lokale regisseur"), max_length=120, blank=True)
    director_email = models.EmailField(_("e-mailadres lokale regisseur"), blank=True)
    director_phone = models.CharField(_("telefoon lokale regisseur"), max_length=30, blank=True)
    iban = models.CharField(
        _("rekeningnummer (IBAN) van de penvoerder"),
        max_length=34,
        blank=True,
        validators=[validate_belgian_iban],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    # What the contents cache keys a part on that reads only the members, actions, indicators,
    # budget lines and attachments (grants.contents_cache): renewed by every save, like
    # ``updated_at``, but not by the UPDATE of the plan's and contacts' own text fields.
    contents_changed_at = models.DateTimeField(_("inhoud laatst gewijzigd op"), default=timezone.now,
                                               editable=False)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    class Meta:
        ordering = ["call", "dossier_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=~Q(status="ingetrokken"),
                name="one_live_application_per_applicant_per_call",
            )
        ]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")

    def __str__(self) -> str:
        return self.dossier_number or f"{self.applicant} ({_('concept')})"

    def save(self, *args, **kwargs):
        self.normalize()
        if (fields := kwargs.get("update_fields")) is None or "updated_at" in fields:
            self.contents_changed_at = timezone.now()
            if fields is not None:
                kwargs["update_fields"] = [*fields, "contents_changed_at"]
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        """Store values one way whatever way they were typed (also for writes that bypass save())."""
        if self.iban:
            self.iban = normalize_iban(self.iban)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_draft(self) -> bool:
        """Not yet submitted: the applicant submits it on the submission page."""
        return self.status == ApplicationStatus.CONCEPT

    @property
    def is_granted(self) -> bool:
        """Decided with money: reports, payments and their follow-up (aftercare) apply."""
        return self.status in GRANTED_STATUSES

    @property
    def awaits_clarification(self) -> bool:
        """The department asked for a clarification: the applicant answers on the follow-up page."""
        return self.status == ApplicationStatus.AANVULLING_GEVRAAGD

    @property
    def joined_municipalities(self) -> list:
        """The member municipalities that joined since the previous period."""
        return [m.municipality for m in self.memberships.filter(active=True, joined=True).select_related(
            "municipality")]

    @property
    def extension_in_force(self):
        """The extension (uitstel, workflow.SubmissionExtension) that lets this draft be submitted
        after the call's deadline, while it runs; None otherwise."""
        extension = getattr(self, "extension", None)  # a missing one raises AttributeError
        if extension is None or not self.is_draft or extension.until <= timezone.now():
            return None
        return extension

    @property
    def iban_display(self) -> str:
        return format_iban(self.iban)


class ApplicationMunicipality(models.Model):
    """A member municipality of an application.

    ``call`` is copied from the application so that the database itself refuses a
    municipality in two live applications of the same call; ``active`` turns false when
    the application is withdrawn, which frees the municipality again.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("aanvraag")
    )
    municipality = models.ForeignKey(
        "grants.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="+", verbose_name=_("oproep")
    )
    active = models.BooleanField(default=True, verbose_name=_("actief"))
    joined = models.BooleanField(default=False, verbose_name=_("sinds de vorige periode toegetreden"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "municipality"], name="municipality_once_per_application"
            ),
            models.UniqueConstraint(
                fields=["call", "municipality"],
                condition=Q(active=True),
                name="municipality_in_one_live_application_per_call",
            ),
        ]
        verbose_name = _("deelnemende gemeente")
        verbose_name_plural = _("deelnemende gemeenten")

    def __str__(self) -> str:
        return str(self.municipality)


class Action(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="actions", verbose_name=_("aanvraag")
    )
    priority = models.ForeignKey(
        "grants.PolicyPriority", on_delete=models.PROTECT, verbose_name=_("beleidsprioriteit")
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    target_groups = models.ManyToManyField(
        "grants.TargetGroup", blank=True, verbose_name=_("doelgroepen")
    )
    partners = models.ManyToManyField("grants.PartnerType", blank=True, verbose_name=_("partners"))
    bbc_code = models.CharField(
        _("actiecode in het meerjarenplan (BBC)"), max_length=40, blank=True
    )

    class Meta:
        ordering = ["priority__order", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.title


class ActionYear(models.Model):
    """A year in which an action runs; a row per year keeps completeness a plain query."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="years", verbose_name=_("actie")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["action", "year"], name="action_year_once")]
        verbose_name = _("jaar van een actie")
        verbose_name_plural = _("jaren van een actie")

    def __str__(self) -> str:
        return str(self.year)


class Indicator(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("actie")
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=60)
    baseline = models.DecimalField(_("beginwaarde"), max_digits=12, decimal_places=2, default=0)
    targets = models.JSONField(
        _("streefwaarde per jaar"), default=dict, help_text=_('Bijvoorbeeld {"2023": 10}.')
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self) -> str:
        return self.name


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personeel_regisseur", _("personeelskosten lokale regisseur")
    OPERATING = "werking", _("werkingskosten")
    OTHER = "andere", _("andere kosten")


class BudgetSource(models.TextChoices):
    SUBSIDY = "subsidie", _("gevraagde subsidie")
    OWN = "eigen_inbreng", _("eigen inbreng")
    OTHER = "andere", _("andere financiering")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("aanvraag")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    category = models.CharField(_("soort kost"), max_length=30, choices=BudgetCategory.choices)
    source = models.CharField(_("financiering"), max_length=30, choices=BudgetSource.choices)
    amount = models.DecimalField(
        _("bedrag (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("Een bedrag kan niet negatief zijn."))],
    )
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "category", "source", "pk"]
        verbose_name = _("begrotingslijn")
        verbose_name_plural = _("begrotingslijnen")

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.amount}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name, so nothing about the file or its owner can be guessed from it."""
    return str(PurePosixPath("attachments") / f"{uuid.uuid4().hex}.pdf")


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("aanvraag")
    )
    attachment_type = models.ForeignKey(
        "grants.AttachmentType", on_delete=models.PROTECT, verbose_name=_("soort bijlage")
    )
    municipality = models.ForeignKey(
        "grants.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
    )
    file = models.FileField(_("bestand"), upload_to=attachment_path)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        verbose_name=_("opgeladen door"),
    )
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)

    class Meta:
        ordering = ["attachment_type__order", "municipality__name", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name it is served under: the uploaded name's stem, sanitised, always with .pdf, so
        a PDF uploaded as 'begroting.hta' never opens as a program on the reviewer's computer."""
        stem = PurePosixPath(self.original_name.replace("\\", "/")).stem
        stem = re.sub(r"[^\w .()-]+", "_", stem).strip(" ._-")
        return f"{stem or 'bijlage'}.pdf"
