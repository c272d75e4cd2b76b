"""Every e-mail the department sends, and the claim that makes each one go out once.

A row is written (claimed) before its e-mail is sent. The unique constraint on
(recipient, kind, scope, offset) lets a repeated, retried or concurrent sweep insert the
same claim a second time without effect, so nothing can be sent twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DEADLINE_REMINDER = "herinnering_deadline", _("herinnering aan de deadline")
    INVITATION = "uitnodiging_gemeente", _("uitnodiging aan een gemeente zonder aanvraag")
    CLARIFICATION_REMINDER = "herinnering_aanvulling", _("herinnering aan een vraag om aanvulling")
    REVIEW_REMINDER = "herinnering_behandeling", _("herinnering aan de dossierbehandelaar")
    RECEIPT = "ontvangstbevestiging", _("ontvangstbevestiging")
    CLARIFICATION_REQUESTED = "aanvulling_gevraagd", _("vraag om aanvulling")
    ANSWER_RECEIVED = "aanvulling_ontvangen", _("aanvulling ontvangen")
    DECISION = "beslissing", _("beslissing")
    COUNCIL_DECISION_REMINDER = "herinnering_gemeenteraad", _("herinnering aan een deelnemende gemeente")
    DECISION_COPY = "beslissing_kopie", _("kopie van de beslissing aan een deelnemende gemeente")
    STATUS_CHANGED = "statuswijziging", _("nieuwe status van een aanvraag")
    PROPOSAL_WAITING = "voorstel_wacht", _("beslissingsvoorstel wacht op een beslisser")
    DOSSIER_ASSIGNED = "dossier_toegewezen", _("dossier toegewezen")
    REPORT_REMINDER = "herinnering_jaarverslag", _("herinnering aan het jaarverslag")
    REPORT_CHANGES = "bijsturing_gevraagd", _("vraag om bijsturing van het jaarverslag")
    REPORT_APPROVED = "jaarverslag_goedgekeurd", _("jaarverslag goedgekeurd")
    PAYMENT_MADE = "betaling_uitgevoerd", _("betaling uitgevoerd")
    RECOVERY = "terugvordering", _("terugvordering")
    CHANGE_DECIDED = "wijziging_behandeld", _("gemelde wijziging aanvaard of geweigerd")
    LATER_DECISION = "latere_beslissing", _("latere beslissing (met brief)")
    APPEAL_OUTCOME = "arrest_raad_van_state", _("arrest van de Raad van State")


class Status(models.TextChoices):
    PENDING = "wachtend", _("wacht op verzending")
    SENT = "verzonden", _("verzonden")
    RETRYING = "opnieuw", _("mislukt, wordt opnieuw geprobeerd")
    FAILED = "mislukt", _("mislukt")


class Notification(models.Model):
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    recipient = models.EmailField(_("ontvanger"), blank=True)
    # What the e-mail is about: "aanvraag:12", "gemeente:44", "vraag:7", "stap:991", "brief:3",
    # "verslag:12:2023:20240331" (a report's due moment), "nazorg:55" (an aftercare step).
    scope = models.CharField(_("onderwerp van de melding"), max_length=40)
    offset_days = models.SmallIntegerField(_("dagen vooraf"), default=0)
    # Few indexes: every index slows the sweep's bulk claim (see bench/reminders.py).
    call = models.ForeignKey("grants.Call", on_delete=models.CASCADE, null=True, blank=True, db_index=False,
                             related_name="+", verbose_name=_("oproep"))
    application = models.ForeignKey("grants.Application", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="notifications", verbose_name=_("aanvraag"))
    municipality = models.ForeignKey("grants.Municipality", on_delete=models.CASCADE, null=True,
                                     blank=True, db_index=False, related_name="+", verbose_name=_("gemeente"))
    ref_id = models.PositiveBigIntegerField(_("verwijzing"), null=True, blank=True)
    claimed_by = models.UUIDField(_("geclaimd door sweep"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    subject = models.CharField(_("onderwerp"), max_length=250, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    error = models.TextField(_("fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "scope", "offset_days"],
                                    name="notification_claimed_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient or '?'}"


class RecordedEmail(models.Model):
    """An e-mail kept in the database instead of sent (demo and tests, see backends.py).

    Deliberately without a unique constraint: a duplicate delivery must be countable."""

    message_id = models.CharField(_("bericht-id"), max_length=200, db_index=True)
    recipients = models.TextField(_("ontvangers"))
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("tekst"))
    attachments = models.PositiveSmallIntegerField(_("bijlagen"), default=0)
    recorded_at = models.DateTimeField(_("bewaard op"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bewaarde e-mail")
        verbose_name_plural = _("bewaarde e-mails")

    def __str__(self) -> str:
        return self.subject


