"""What a submission leaves behind: the frozen version with its fingerprint, and the
extension that lets one application be submitted after the deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application
from workflow.models.audit import AppendOnlyModel


class ApplicationVersion(AppendOnlyModel):
    """The immutable snapshot of an application as it was submitted, with its SHA-256."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="versions", verbose_name=_("aanvraag")
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    data = models.JSONField(_("inhoud"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingediend door")
    )

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_once")]
        verbose_name = _("ingediende versie")
        verbose_name_plural = _("ingediende versies")

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


class SubmissionExtension(models.Model):
    """An administrator lets one application be submitted after the call's deadline."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="extension", verbose_name=_("aanvraag")
    )
    until = models.DateTimeField(_("indienen mag tot"))
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("toegekend door")
    )
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitstel")
        verbose_name_plural = _("uitstellen")

    def __str__(self) -> str:
        return f"{self.application} → {self.until}"
