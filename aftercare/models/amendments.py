"""After the decision, the decision itself can change: a change (wijziging) reported by the
applicant and accepted by the department; a request for reconsideration (heroverweging), an
appeal at the Raad van State, or a material error to correct (rechtzetting); and every later
decision they lead to, with its letter (``LaterDecision``).

The status of a change or an appeal moves only through ``aftercare.services.fire`` (the tables
in aftercare/machine.py)."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import Application
from workflow.models import ApplicationVersion, DecisionAct
from workflow.models.audit import AppendOnlyModel


class ChangeKind(models.TextChoices):
    JOINS = "toetreding", _("een gemeente treedt toe")
    LEAVES = "uittreding", _("een gemeente treedt uit")
    DIRECTOR = "regisseur", _("nieuwe lokale regisseur")
    ACTIONS = "acties", _("wijziging van acties of indicatoren")
    REVISION = "herziening", _("tussentijdse herziening")


MEMBER_CHANGES = (ChangeKind.JOINS, ChangeKind.LEAVES)


class ChangeStatus(models.TextChoices):
    GEMELD = "gemeld", _("gemeld")
    VOORGESTELD = "voorgesteld", _("nieuwe bedragen ter goedkeuring")
    AANVAARD = "aanvaard", _("aanvaard")
    GEWEIGERD = "geweigerd", _("geweigerd")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


def council_decision_path(instance, filename: str) -> str:
    return str(PurePosixPath("changes") / f"{uuid.uuid4().hex}.pdf")


class NewAmountsProposal(models.Model):
    """What a change or an appeal proposes when it changes the money: the amounts per year, why,
    and who proposed them (a second person decides; see aftercare/machine.py)."""

    amounts = models.JSONField(_("voorgestelde bedragen per jaar"), default=dict, blank=True)
    motivation = models.TextField(_("motivering van het voorstel"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("voorgesteld door"),
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), null=True, blank=True)

    class Meta:
        abstract = True


class PlanChange(NewAmountsProposal):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="plan_changes", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort wijziging"), max_length=20, choices=ChangeKind.choices)
    effective_on = models.DateField(_("geldt vanaf"))
    description = models.TextField(_("omschrijving"))
    municipality = models.ForeignKey(
        "grants.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    council_decision = models.FileField(
        _("gemeenteraadsbeslissing"), upload_to=council_decision_path, blank=True
    )
    council_decision_sha256 = models.CharField(
        _("SHA-256 van de gemeenteraadsbeslissing"), max_length=64, blank=True
    )
    director_name = models.CharField(_("naam van de nieuwe regisseur"), max_length=120, blank=True)
    director_email = models.EmailField(_("e-mail van de nieuwe regisseur"), blank=True)
    director_phone = models.CharField(_("telefoon van de nieuwe regisseur"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.GEMELD, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeld door")
    )
    reported_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("beslist door"),
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    version = models.ForeignKey(
        ApplicationVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nieuwe versie van het plan"),
    )

    class Meta:
        ordering = ["application", "-reported_at", "-pk"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"


class AppealKind(models.TextChoices):
    RECONSIDERATION = "heroverweging", _("verzoek tot heroverweging")
    COUNCIL_OF_STATE = "raad_van_state", _("beroep bij de Raad van State")
    CORRECTION = "rechtzetting", _("rechtzetting van een materiële vergissing")


class AppealStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("ingediend")
    VOORGESTELD = "voorgesteld", _("nieuwe beslissing voorgesteld")
    BEVESTIGD = "bevestigd", _("beslissing bevestigd")
    HERZIEN = "herzien", _("nieuwe beslissing genomen")
    VERWORPEN = "verworpen", _("beroep verworpen")
    VERNIETIGD = "vernietigd", _("beslissing vernietigd, nieuwe beslissing te nemen")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


OPEN_APPEAL_STATUSES = (AppealStatus.INGEDIEND, AppealStatus.VOORGESTELD, AppealStatus.VERNIETIGD)
"""The department still has to act: a decision (or a judgment) is awaited."""


class Appeal(NewAmountsProposal):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=AppealKind.choices)
    grounds = models.TextField(_("middelen of vergissing"))
    filed_on = models.DateField(_("ingediend op"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppealStatus.choices,
        default=AppealStatus.INGEDIEND,
        db_index=True,
    )
    outcome_on = models.DateField(_("datum van de uitspraak"), null=True, blank=True)
    judgment_number = models.CharField(_("nummer van het arrest"), max_length=40, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )

    class Meta:
        ordering = ["application", "-filed_on", "-pk"]
        verbose_name = _("heroverweging, beroep of rechtzetting")
        verbose_name_plural = _("heroverwegingen, beroepen en rechtzettingen")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_kind_display()} ({self.filed_on:%d/%m/%Y})"


class LaterKind(models.TextChoices):
    AMENDING = "wijzigingsbeslissing", _("wijzigingsbeslissing")
    CONFIRMED = "bevestiging", _("beslissing na heroverweging: bevestigd")
    RECONSIDERED = "heroverweging", _("beslissing na heroverweging: herzien")
    CORRECTION = "rechtzetting", _("verbeterende beslissing")
    NEW_DECISION = "nieuwe_beslissing", _("nieuwe beslissing na vernietiging")


def later_letter_path(instance, filename: str) -> str:
    return str(PurePosixPath("letters") / "later" / f"{uuid.uuid4().hex}.pdf")


class LaterDecision(AppendOnlyModel):
    """A decision taken after the first one, in its act, with the amounts in force after it and
    the letter that notifies it: numbered per call, its SHA-256 kept, written once."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="later_decisions", verbose_name=_("aanvraag")
    )
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="+", verbose_name=_("oproep")
    )
    kind = models.CharField(_("soort beslissing"), max_length=30, choices=LaterKind.choices)
    amounts = models.JSONField(_("bedrag per jaar na deze beslissing"))
    motivation = models.TextField(_("motivering"))
    act = models.ForeignKey(
        DecisionAct, on_delete=models.PROTECT, related_name="later_decisions", verbose_name=_("akte")
    )
    lifecycle = models.CharField(_("levensloop"), max_length=20)  # aftercare.machine.LIFECYCLES
    object_id = models.PositiveBigIntegerField(_("voorwerp"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("beslist door")
    )
    decided_at = models.DateTimeField(_("beslist op"), auto_now_add=True)
    sequence = models.PositiveIntegerField(_("volgnummer"))
    file = models.FileField(_("brief"), upload_to=later_letter_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["application", "decided_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "sequence"], name="later_letter_sequence")]
        verbose_name = _("latere beslissing")
        verbose_name_plural = _("latere beslissingen")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_kind_display()} ({self.number})"

    @property
    def number(self) -> str:
        return f"{self.call.dossier_prefix}/W/{self.sequence:04d}"

    @property
    def download_name(self) -> str:
        return f"{self.kind}-{self.application.dossier_number}-{self.sequence}.pdf"
