"""What the lifecycle records: the audit trail, submitted versions, extensions, reviews
and decisions. The state machine itself is in ``workflow.machine``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application, ApplicationStatus


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Het auditspoor kan niet gewijzigd worden."))

    def delete(self):
        raise ValidationError(_("Het auditspoor kan niet gewist worden."))


class AppendOnlyModel(models.Model):
    """Rows are written once and never changed or deleted (PostgreSQL enforces it too)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Een vastgelegde regel kan niet gewijzigd worden."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Een vastgelegde regel kan niet gewist worden."))


class AuditKind(models.TextChoices):
    TRANSITION = "transition", _("statuswijziging")
    EXTENSION = "extension", _("uitstel toegekend")
    CONFLICT = "conflict", _("belangenconflict verklaard")
    ASSIGNMENT = "assignment", _("dossierbehandelaar toegewezen")


class AuditEvent(AppendOnlyModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="audit_events")
    kind = models.CharField(_("soort"), max_length=20, choices=AuditKind.choices)
    transition = models.CharField(_("stap"), max_length=40, blank=True)
    from_status = models.CharField(_("van"), max_length=40, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=40, choices=ApplicationStatus.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("toelichting"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    visible_to_applicant = models.BooleanField(_("zichtbaar voor de aanvrager"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditspoor")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.transition or self.kind} {self.actor}"


class ApplicationVersion(AppendOnlyModel):
    """The immutable snapshot of an application as it was submitted, with its SHA-256."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    data = models.JSONField(_("inhoud"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_once")]
        verbose_name = _("ingediende versie")
        verbose_name_plural = _("ingediende versies")

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


class SubmissionExtension(models.Model):
    """An administrator lets one application be submitted after the call's deadline."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension")
    until = models.DateTimeField(_("indienen mag tot"))
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitstel")
        verbose_name_plural = _("uitstellen")

    def __str__(self) -> str:
        return f"{self.application} → {self.until}"


class ConflictDeclaration(models.Model):
    """A reviewer's statement, before assessing, that they have or have no conflict of interest."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("belangenconflict"))
    explanation = models.TextField(_("toelichting"), blank=True)
    declared_at = models.DateTimeField(_("verklaard op"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_declaration_per_reviewer")
        ]
        verbose_name = _("verklaring belangenconflict")
        verbose_name_plural = _("verklaringen belangenconflict")

    def __str__(self) -> str:
        return f"{self.reviewer}: {_('conflict') if self.has_conflict else _('geen conflict')}"


class ReviewAssignment(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="assignment")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("toegewezen op"), auto_now=True)

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")

    def __str__(self) -> str:
        return f"{self.application} → {self.reviewer}"


class ClarificationRequest(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField(_("vraag"))
    deadline = models.DateTimeField(_("antwoorden tegen"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("vraag om aanvulling")
        verbose_name_plural = _("vragen om aanvulling")

    def __str__(self) -> str:
        return self.question[:60]


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

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decision_proposals")
    outcome = models.CharField(_("voorstel"), max_length=30, choices=Outcome.choices)
    amounts = models.JSONField(_("bedrag per jaar"), help_text=_('Bijvoorbeeld {"2023": "50000.00"}.'))
    motivation = models.TextField(_("motivering"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    returned = models.BooleanField(_("teruggestuurd"), default=False)

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("beslissingsvoorstel")
        verbose_name_plural = _("beslissingsvoorstellen")

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"
