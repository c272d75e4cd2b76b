"""The department's work on a dossier: who reviews it, their declaration of (no) conflict of
interest, questions to the applicant, scores per criterion and internal notes.

Scores and notes are never shown to the applicant; a question and its answer are."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application


class ReviewAssignment(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="assignment", verbose_name=_("aanvraag")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments",
        verbose_name=_("dossierbehandelaar"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("toegewezen door"),
    )
    assigned_at = models.DateTimeField(_("toegewezen op"), auto_now=True)

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")

    def __str__(self) -> str:
        return f"{self.application} → {self.reviewer}"


class ConflictDeclaration(models.Model):
    """A reviewer's statement, before assessing, that they have or have no conflict of interest."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflict_declarations",
        verbose_name=_("aanvraag"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("dossierbehandelaar"),
    )
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


class ClarificationRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clarifications", verbose_name=_("aanvraag")
    )
    question = models.TextField(_("vraag"))
    deadline = models.DateTimeField(_("antwoorden tegen"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gevraagd door")
    )
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("beantwoord door"),
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("vraag om aanvulling")
        verbose_name_plural = _("vragen om aanvulling")

    def __str__(self) -> str:
        return self.question[:60]


class Assessment(models.Model):
    """One reviewer's score and motivation for one criterion of the call's grid."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("aanvraag")
    )
    criterion = models.ForeignKey(
        "grants.AssessmentCriterion", on_delete=models.PROTECT, related_name="+", verbose_name=_("criterium")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("dossierbehandelaar"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    motivation = models.TextField(_("motivering"))
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion", "reviewer"],
                                    name="one_score_per_criterion_per_reviewer")
        ]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"{self.application} {self.criterion}: {self.score}"


class InternalNote(models.Model):
    """A remark among department staff; applicants never see it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_notes", verbose_name=_("aanvraag")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")

    def __str__(self) -> str:
        return self.text[:60]
