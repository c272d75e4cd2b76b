"""A call (oproep) and everything a future call may change: all of it is data."""

from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.formatting import format_number


def default_reminder_offsets() -> list[int]:
    return [30, 14, 7, 2, 1]


def default_exempt_kinds() -> list[str]:
    return ["centrumstad"]


def default_eligible_kinds() -> list[str]:
    return ["samenwerkingsverband", "centrumstad"]


class ActKind(models.TextChoices):
    """The act a decision is taken in; who decides under the BVR of 2022 is not read yet
    (domain.md 7), so the call says it."""

    MINISTERIAL = "ministerieel_besluit", _("ministerieel besluit")
    DELEGATION = "delegatie", _("beslissing bij delegatie")


def default_ranking_keys() -> list[str]:
    return ["centrumstad_eerst", "inwoners"]


def default_report_reminder_days() -> list[int]:
    return [30, 7, -7, -30]


class AttachmentType(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("uitleg voor de aanvrager"), blank=True)
    per_member_municipality = models.BooleanField(
        _("één per deelnemende gemeente"),
        default=False,
        help_text=_("Bijvoorbeeld de gemeenteraadsbeslissing van elke deelnemende gemeente."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("bijlagetype")
        verbose_name_plural = _("bijlagetypes")

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def open_for_applications(self, at=None):
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, deadline__gte=at)

    def for_the_department(self, at=None):
        """The call the department works on by default: the real call open now (the latest
        deadline first), else the latest real call; a rehearsal only when there is nothing else."""
        at = at or timezone.now()
        open_real = models.Q(is_rehearsal=False, opens_at__lte=at, deadline__gte=at)
        # One query, as every department page asks it: open real calls, then real, then rehearsals.
        return self.order_by(models.ExpressionWrapper(open_real, models.BooleanField()).desc(),
                             "is_rehearsal", "-deadline").first()


class Call(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    legal_basis = models.CharField(_("rechtsgrond"), max_length=300, blank=True)
    # Unique: the dossier numbers it starts are unique across calls.
    dossier_prefix = models.CharField(
        _("voorvoegsel dossiernummer"), max_length=20, unique=True, help_text=_("Bijvoorbeeld LR-2023.")
    )
    period_start = models.DateField(_("looptijd vanaf"))
    period_end = models.DateField(_("looptijd tot en met"))
    opens_at = models.DateTimeField(_("open voor aanvragen vanaf"))
    deadline = models.DateTimeField(
        _("uiterste indiendatum"),
        help_text=_("Het laatste moment waarop een aanvraag nog tijdig is (Brusselse tijd)."),
    )
    decision_expected = models.DateField(_("beslissing verwacht tegen"))
    annual_envelope = models.DecimalField(
        _("budget per jaar (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    minimum_population = models.PositiveIntegerField(_("minimum aantal inwoners"), default=60000)
    eligible_kinds = models.JSONField(
        _("wie mag indienen"),
        default=default_eligible_kinds,
        help_text=_("Soorten aanvragers: samenwerkingsverband, centrumstad, gemeente."),
    )
    population_exempt_kinds = models.JSONField(
        _("vrijgesteld van het minimum aantal inwoners"),
        default=default_exempt_kinds,
        blank=True,
    )
    priorities = models.ManyToManyField(
        "grants.PolicyPriority", related_name="calls", verbose_name=_("beleidsprioriteiten")
    )
    mandatory_attachment_types = models.ManyToManyField(
        AttachmentType, related_name="calls", verbose_name=_("verplichte bijlagen"), blank=True
    )
    reminder_offsets_days = models.JSONField(
        _("herinneringen (dagen voor de deadline)"), default=default_reminder_offsets
    )
    reminder_time = models.TimeField(_("uur van de herinneringen"), default=time(9, 0))
    clarification_reminder_days = models.PositiveSmallIntegerField(
        _("herinnering bij vraag om aanvulling (dagen voor de termijn)"), default=2
    )
    review_wait_days = models.PositiveSmallIntegerField(
        _("dossierbehandelaar herinneren na (dagen)"), default=10
    )
    clarification_days = models.PositiveSmallIntegerField(
        _("standaardtermijn voor een aanvulling (dagen)"), default=14
    )
    # Completeness rules a call may switch off (grants/completeness.py).
    require_target_groups = models.BooleanField(
        _("elke actie noemt een doelgroep"), default=True,
        help_text=_("Een aanvraag is pas volledig als elke actie minstens één doelgroep noemt."))
    require_indicators = models.BooleanField(
        _("elke prioriteit heeft een indicator"), default=True,
        help_text=_("Een aanvraag is pas volledig als elke beleidsprioriteit minstens één indicator heeft."))
    report_reminder_days = models.JSONField(
        _("herinneringen jaarverslag (dagen voor de uiterste datum; negatief: erna)"),
        default=default_report_reminder_days,
        help_text=_("Bijvoorbeeld [30, 7, -7, -30]: een maand en een week voor, een week en een maand na."),
    )
    reconsideration_days = models.PositiveSmallIntegerField(
        _("termijn voor een verzoek tot heroverweging (dagen)"),
        default=30,
        help_text=_("Te rekenen vanaf de datum van de laatste brief; niet bevestigd door het departement."),
    )
    budget_article = models.CharField(
        _("begrotingsartikel"),
        max_length=100,
        blank=True,
        help_text=_("Het artikel van de Vlaamse begroting waarop de subsidie wordt aangerekend."),
    )
    purpose = models.TextField(
        _("doel van de subsidie"),
        blank=True,
        help_text=_("Zoals de beslissingsbrief het doel van de subsidie omschrijft."),
    )
    ranking_keys = models.JSONField(
        _("rangschikking bij overtekening"),
        default=default_ranking_keys,
        blank=True,
        help_text=_("De sleutels in volgorde, bijvoorbeeld [\"centrumstad_eerst\", \"inwoners\"]."),
    )
    ranking_confirmed = models.BooleanField(
        _("rangschikking bevestigd door het departement"),
        default=False,
        help_text=_("Zolang dit niet aangevinkt is, toont de verdeling de rangschikking als "
                    "'te bevestigen'."),
    )
    # Who decides: the defaults of a decision's act (number and date are given per act).
    act_kind = models.CharField(_("soort beslissingsakte"), max_length=30, default=ActKind.MINISTERIAL,
                                choices=ActKind.choices)
    act_signer_name = models.CharField(
        _("ondertekenaar"), max_length=120, blank=True,
        help_text=_("Leeg: de beslisser die goedkeurt ondertekent met de eigen naam."))
    act_signer_function = models.CharField(_("functie van de ondertekenaar"), max_length=200, blank=True)
    act_delegation_basis = models.CharField(_("grond van de delegatie"), max_length=300, blank=True)
    act_confirmed = models.BooleanField(
        _("beslisser bevestigd door het departement"), default=False,
        help_text=_("Zolang dit niet aangevinkt is, tonen de pagina's wie beslist als 'te bevestigen'."))
    is_rehearsal = models.BooleanField(
        _("oefenoproep"), default=False, help_text=_("Een kopie om de procedure uit te proberen.")
    )

    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)  # for ?updated_since=

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Het einde van de looptijd ligt voor het begin.")
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("De deadline ligt voor de opening van de oproep.")
        offsets = self.reminder_offsets_days
        if not isinstance(offsets, list) or not all(isinstance(o, int) and o > 0 for o in offsets):
            errors["reminder_offsets_days"] = _(
                "Geef de herinneringen als een lijst van positieve gehele getallen, "
                "bijvoorbeeld [30, 14, 7, 2, 1]."
            )
        from grants.allocation import RANKING_KEYS  # the keys' meaning lives beside their use

        keys = self.ranking_keys
        if not isinstance(keys, list) or not all(key in RANKING_KEYS for key in keys):
            errors["ranking_keys"] = _("Kies de sleutels uit: %(keys)s.") % {"keys": ", ".join(RANKING_KEYS)}
        days = self.report_reminder_days
        if not isinstance(days, list) or not all(isinstance(d, int) and d != 0 for d in days):
            errors["report_reminder_days"] = _(
                "Geef de herinneringen voor het jaarverslag als een lijst van gehele getallen verschillend "
                "van 0, bijvoorbeeld [30, 7, -7, -30]."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start.year, self.period_end.year + 1))

    def accepts_submissions(self, at=None) -> bool:
        """Open up to and including the deadline's last second (23:59:59 stays on time)."""
        at = (at or timezone.now()).replace(microsecond=0)
        return self.opens_at <= at <= self.deadline

    def is_population_exempt(self, kind: str) -> bool:
        return kind in (self.population_exempt_kinds or [])


class AssessmentCriterion(models.Model):
    """One criterion of the call's assessment grid, scored by the reviewer."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("oproep")
    )
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("criterium"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximumscore"), default=10)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["call", "order"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="criterion_code_per_call")]
        verbose_name = _("beoordelingscriterium")
        verbose_name_plural = _("beoordelingscriteria")

    def __str__(self) -> str:
        return self.title


class PaymentTermKind(models.TextChoices):
    ADVANCE = "voorschot", _("voorschot")
    BALANCE = "saldo", _("saldo")


class PaymentTrigger(models.TextChoices):
    """What must have happened before a tranche may be paid."""

    DECISION = "beslissing", _("na de beslissing")
    REPORT_APPROVED = "jaarverslag_goedgekeurd", _("na goedkeuring van het jaarverslag")


class PaymentTerm(models.Model):
    """One tranche of every granted year, as the call's payment schedule sets it.

    The schedule is call data because the BVR's article on payment is not yet read
    (domain.md 1.6, [U]): the department enters it, and a letter marks it "te bevestigen"
    until `is_confirmed`. The tranches of a year are this list applied to the year's amount;
    their percentages add up to 100 (checked by `payment_schedule_errors`).
    """

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="payment_terms", verbose_name=_("oproep")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort schijf"), max_length=20, choices=PaymentTermKind.choices)
    percentage = models.DecimalField(
        _("percentage van het jaarbedrag"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    trigger = models.CharField(_("voorwaarde"), max_length=30, choices=PaymentTrigger.choices)
    # The expected payment date of year Y is the first of `expected_month` in Y + offset:
    # an advance for 2024 in (2024, 3), its balance after the report in (2025, 6).
    expected_year_offset = models.PositiveSmallIntegerField(
        _("verwacht in het werkingsjaar + (jaren)"), default=0
    )
    expected_month = models.PositiveSmallIntegerField(
        _("verwacht in de maand"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    is_confirmed = models.BooleanField(
        _("bevestigd door het departement"),
        default=False,
        help_text=_("Zolang dit niet aangevinkt is, staat de schijf in de brief als 'te bevestigen'."),
    )

    class Meta:
        ordering = ["call", "order"]
        constraints = [models.UniqueConstraint(fields=["call", "order"], name="payment_term_order_per_call")]
        verbose_name = _("betalingsschijf")
        verbose_name_plural = _("betalingsschema")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.percentage}% ({self.get_trigger_display()})"

    def expected_date(self, year: int) -> date:
        """When this tranche of `year` is expected to be paid (the first of the month)."""
        return date(year + self.expected_year_offset, self.expected_month, 1)


def payment_schedule_errors(terms) -> list[str]:
    """What is wrong with a call's payment schedule as a whole (empty when it is sound)."""
    terms = list(terms)
    if not terms:
        return []
    total = sum((term.percentage for term in terms), Decimal("0"))
    if total != Decimal("100"):
        return [_("De schijven van het betalingsschema tellen op tot %(total)s %%, niet tot 100 %%.")
                % {"total": format_number(total)}]
    return []


class ReportDueDate(models.Model):
    """When the yearly report (jaarverslag) of one working year is due: call data, one row per
    year, because the letter promises a date ("31 maart van het volgende jaar") that a future
    call may move."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="report_due_dates", verbose_name=_("oproep")
    )
    year = models.PositiveSmallIntegerField(_("werkingsjaar"))
    due_on = models.DateField(_("uiterste datum jaarverslag"))

    class Meta:
        ordering = ["call", "year"]
        constraints = [models.UniqueConstraint(fields=["call", "year"], name="report_due_date_per_year")]
        verbose_name = _("uiterste datum jaarverslag")
        verbose_name_plural = _("uiterste data jaarverslagen")

    def __str__(self) -> str:
        return f"{self.year}: {self.due_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.due_on and self.year and self.due_on.year <= self.year - 1:
            raise ValidationError({"due_on": _("Het jaarverslag kan pas na het begin van het werkingsjaar "
                                               "verschuldigd zijn.")})
