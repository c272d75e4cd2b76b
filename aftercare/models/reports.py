"""The yearly report (jaarverslag) of one working year of a granted application: per action
how far it was carried out, per indicator the realised value, per budget line what was spent,
a narrative and attachments; and the department's questions (bijsturing) and their answers.

The status moves only through ``aftercare.services.fire`` (the table in aftercare/machine.py)."""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Action, Application, BudgetLine, Indicator


class ReportStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    INGEDIEND = "ingediend", _("ingediend")
    BIJSTURING_GEVRAAGD = "bijsturing_gevraagd", _("bijsturing gevraagd")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")


EDITABLE_REPORT_STATUSES = (ReportStatus.CONCEPT, ReportStatus.BIJSTURING_GEVRAAGD)
"""The applicant may change the report's contents (a draft, or while answering a question)."""


class Execution(models.TextChoices):
    CARRIED_OUT = "uitgevoerd", _("uitgevoerd")
    PARTLY = "gedeeltelijk", _("gedeeltelijk uitgevoerd")
    NOT = "niet", _("niet uitgevoerd")


class YearlyReport(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="yearly_reports", verbose_name=_("aanvraag")
    )
    year = models.PositiveSmallIntegerField(_("werkingsjaar"))
    status = models.CharField(_("status"), max_length=30, choices=ReportStatus.choices,
                              default=ReportStatus.CONCEPT, db_index=True)
    narrative = models.TextField(_("verslag"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("goedgekeurd door"))

    class Meta:
        ordering = ["application", "year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_report_per_year")]
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")

    def __str__(self) -> str:
        return f"{self.application} — {_('jaarverslag')} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_REPORT_STATUSES


class ActionReport(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="actions",
                               verbose_name=_("jaarverslag"))
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="+", verbose_name=_("actie"))
    execution = models.CharField(_("uitvoering"), max_length=20, choices=Execution.choices)
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["report", "action__priority__order", "action"]
        constraints = [models.UniqueConstraint(fields=["report", "action"], name="action_reported_once")]
        verbose_name = _("uitvoering van een actie")
        verbose_name_plural = _("uitvoering van de acties")

    def __str__(self) -> str:
        return f"{self.action}: {self.get_execution_display()}"


class IndicatorReport(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="indicators",
                               verbose_name=_("jaarverslag"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("indicator"))
    realised = models.DecimalField(_("gerealiseerd"), max_digits=12, decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["report", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_reported_once")
        ]
        verbose_name = _("gerealiseerde indicator")
        verbose_name_plural = _("gerealiseerde indicatoren")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.realised}"


class BudgetLineReport(models.Model):
    report = models.ForeignKey(
        YearlyReport, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("jaarverslag")
    )
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("begrotingslijn")
    )
    spent = models.DecimalField(
        _("besteed (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["report", "budget_line"]
        constraints = [models.UniqueConstraint(fields=["report", "budget_line"], name="line_reported_once")]
        verbose_name = _("besteding van een begrotingslijn")
        verbose_name_plural = _("besteding van de begroting")

    def __str__(self) -> str:
        return f"{self.budget_line}: {self.spent}"


def report_attachment_path(instance, filename: str) -> str:
    """A random name, like an application's attachments: nothing can be guessed from it."""
    return str(PurePosixPath("reports") / f"{uuid.uuid4().hex}.pdf")


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        YearlyReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("jaarverslag")
    )
    file = models.FileField(_("bestand"), upload_to=report_attachment_path)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opgeladen door")
    )
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("bijlage bij een jaarverslag")
        verbose_name_plural = _("bijlagen bij jaarverslagen")

    def __str__(self) -> str:
        return self.original_name


class ReportQuestion(models.Model):
    """The department asks for bijsturing; the applicant answers and resubmits."""

    report = models.ForeignKey(
        YearlyReport, on_delete=models.CASCADE, related_name="questions", verbose_name=_("jaarverslag")
    )
    question = models.TextField(_("vraag"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gevraagd door")
    )
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["report", "asked_at", "pk"]
        verbose_name = _("vraag om bijsturing")
        verbose_name_plural = _("vragen om bijsturing")

    def __str__(self) -> str:
        return self.question[:60]
