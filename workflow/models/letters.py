"""Decision letters: the signed-off PDF per decided application, and the batches that bundle
all letters of a call into one ZIP."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application
from workflow.models.audit import AppendOnlyModel


def letter_path(instance, filename: str) -> str:
    """A random name: nothing about the applicant can be guessed from the storage path."""
    return str(PurePosixPath("letters") / f"{uuid.uuid4().hex}.pdf")


def batch_path(instance, filename: str) -> str:
    return str(PurePosixPath("letters") / "batches" / f"{uuid.uuid4().hex}.zip")


class DecisionLetter(AppendOnlyModel):
    """The letter as it was sent: written once, never changed (PostgreSQL enforces it too)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision_letter", verbose_name=_("aanvraag")
    )
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="+", verbose_name=_("oproep")
    )
    sequence = models.PositiveIntegerField(_("volgnummer"))
    file = models.FileField(_("bestand"), upload_to=letter_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["call", "sequence"]
        constraints = [models.UniqueConstraint(fields=["call", "sequence"], name="letter_sequence_per_call")]
        verbose_name = _("beslissingsbrief")
        verbose_name_plural = _("beslissingsbrieven")

    def __str__(self) -> str:
        return f"{self.application} ({_('brief')} {self.sequence})"

    @property
    def number(self) -> str:
        """The letter's own number, printed on it: the call's prefix and the sequence."""
        return f"{self.call.dossier_prefix}/B/{self.sequence:04d}"

    @property
    def download_name(self) -> str:
        return f"beslissingsbrief-{self.application.dossier_number}.pdf"


class LetterBatchStatus(models.TextChoices):
    WAITING = "wachtend", _("wacht op verwerking")
    RUNNING = "bezig", _("bezig")
    DONE = "klaar", _("klaar")
    FAILED = "mislukt", _("mislukt")


class LetterBatch(models.Model):
    """All letters of a call in one ZIP, made by a Celery task that reports its progress here."""

    call = models.ForeignKey(
        "grants.Call", on_delete=models.CASCADE, related_name="letter_batches", verbose_name=_("oproep")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gevraagd door")
    )
    requested_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterBatchStatus.choices, default=LetterBatchStatus.WAITING
    )
    total = models.PositiveIntegerField(_("aantal brieven"), default=0)
    done = models.PositiveIntegerField(_("klaar"), default=0)
    file = models.FileField(_("ZIP-bestand"), upload_to=batch_path, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("reeks beslissingsbrieven")
        verbose_name_plural = _("reeksen beslissingsbrieven")

    def __str__(self) -> str:
        return f"{self.call} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.status in (LetterBatchStatus.WAITING, LetterBatchStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.done * 100 // self.total
