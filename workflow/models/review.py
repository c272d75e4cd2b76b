"""The department's own work on a dossier: scores per criterion and internal notes.

Neither is ever shown to the applicant."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application


class Assessment(models.Model):
    """One reviewer's score and motivation for one criterion of the call's grid."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey("grants.AssessmentCriterion", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")

    def __str__(self) -> str:
        return self.text[:60]
