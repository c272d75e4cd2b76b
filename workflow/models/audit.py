"""The audit trail: every change of state and every other act on a dossier, written once
and never changed or deleted (the model, the admin and, on PostgreSQL, a trigger)."""

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
    EXTENSION_WITHDRAWN = "extension_withdrawn", _("uitstel ingetrokken")
    CONFLICT = "conflict", _("belangenconflict verklaard")
    ASSIGNMENT = "assignment", _("dossierbehandelaar toegewezen")


class AuditEvent(AppendOnlyModel):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="audit_events", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=AuditKind.choices)
    transition = models.CharField(_("stap"), max_length=40, blank=True)
    from_status = models.CharField(_("van"), max_length=40, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=40, choices=ApplicationStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uitgevoerd door"),
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("toelichting"), blank=True,
                               help_text=_("Intern: alleen voor het departement."))
    message = models.TextField(
        _("tekst voor de aanvrager"), blank=True,
        help_text=_("Wat aan de aanvrager gericht is (vraag, motivering) of van hem komt."))
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    visible_to_applicant = models.BooleanField(_("zichtbaar voor de aanvrager"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditspoor")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.transition or self.kind} {self.actor}"
