"""What a call says about deciding, as data: the amount rule (versioned), the legal bases a
letter cites and the conditions attached to a grant. Each part that the department has not yet
confirmed (domain.md 1.5-1.7: the BVR's articles are not read) is marked, and shown as
"te bevestigen" on the pages and in the letters until it is."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.formatting import parse_belgian_decimal
from grants.models.calls import Call

CONFIRMED_HELP = _(
    "Zolang dit niet aangevinkt is, staat het op de pagina's en in de brief als 'te bevestigen'."
)


class AmountBasis(models.TextChoices):
    """What the bands of an amount rule are read against."""

    POPULATION = "inwoners", _("inwoners van het regiegebied")


class AmountRule(models.Model):
    """How much an applicant may receive per year: bands on a figure of its regiegebied, held
    between a floor and a ceiling. A changed rule is a new version; the proposals keep the
    version they were made with."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="amount_rules", verbose_name=_("oproep")
    )
    version = models.PositiveSmallIntegerField(_("versie"))
    basis = models.CharField(
        _("grondslag"), max_length=20, choices=AmountBasis.choices, default=AmountBasis.POPULATION
    )
    bands = models.JSONField(
        _("schijven"),
        help_text=_(
            "Van laag naar hoog: vanaf dit aantal, dit bedrag per jaar. Bijvoorbeeld "
            '[{"vanaf": 60000, "bedrag": "25000.00"}, {"vanaf": 80000, "bedrag": "50000.00"}].'
        ),
    )
    floor = models.DecimalField(
        _("minimum per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        default=Decimal("0"),
    )
    ceiling = models.DecimalField(
        _("maximum per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(
        _("bron"),
        max_length=300,
        blank=True,
        help_text=_("Waar de regel vandaan komt, bijvoorbeeld het artikel van het BVR."),
    )
    is_confirmed = models.BooleanField(
        _("bevestigd door het departement"), default=False, help_text=CONFIRMED_HELP
    )

    class Meta:
        ordering = ["call", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["call", "version"], name="amount_rule_version_per_call")
        ]
        verbose_name = _("bedragregel")
        verbose_name_plural = _("bedragregels")

    def __str__(self) -> str:
        return f"{self.call} v{self.version}"

    def clean(self) -> None:
        try:
            bands = self.parsed_bands()
        except (TypeError, KeyError, ValueError, InvalidOperation):
            raise ValidationError(
                {
                    "bands": _(
                        "Geef de schijven als een lijst, bijvoorbeeld "
                        '[{"vanaf": 60000, "bedrag": "25000.00"}].'
                    )
                }
            ) from None
        starts = [start for start, _amount in bands]
        if not bands or starts != sorted(set(starts)):
            raise ValidationError(
                {"bands": _("Geef minstens één schijf, van laag naar hoog, elk vanaf een ander aantal.")}
            )
        if self.ceiling is not None and self.floor is not None and self.ceiling < self.floor:
            raise ValidationError({"ceiling": _("Het maximum ligt onder het minimum.")})

    def parsed_bands(self) -> list[tuple[int, Decimal]]:
        """(from, amount) per band; an amount may be written the Belgian way ("25.000,00")."""
        bands = [(int(band["vanaf"]), parse_belgian_decimal(str(band["bedrag"]))) for band in self.bands]
        if any(start < 0 or amount < 0 for start, amount in bands):
            raise ValueError("negative")
        return bands

    def amount_for(self, figure: int) -> Decimal:
        """The yearly amount for a regiegebied with this figure (e.g. 95.000 inhabitants)."""
        amount = Decimal("0")
        for start, band_amount in self.parsed_bands():
            if figure >= start:
                amount = band_amount
        amount = max(amount, self.floor)
        return min(amount, self.ceiling) if self.ceiling is not None else amount


class CallClause(models.Model):
    """A sentence of the call that a letter cites, in order, marked until it is confirmed."""

    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_confirmed = models.BooleanField(
        _("bevestigd door het departement"), default=False, help_text=CONFIRMED_HELP
    )

    class Meta:
        abstract = True
        ordering = ["call", "order", "pk"]


class LegalBasis(CallClause):
    """One legal basis a decision letter cites, e.g. the BVR of 29/04/2022 and its articles."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("oproep")
    )
    title = models.CharField(_("rechtsgrond"), max_length=400)
    articles = models.CharField(_("toegepaste artikelen"), max_length=200, blank=True)

    class Meta(CallClause.Meta):
        verbose_name = _("rechtsgrond")
        verbose_name_plural = _("rechtsgronden")

    def __str__(self) -> str:
        return self.title


class GrantCondition(CallClause):
    """A condition attached to every grant of the call, as the letter states it."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="grant_conditions", verbose_name=_("oproep")
    )
    text = models.TextField(_("voorwaarde"))

    class Meta(CallClause.Meta):
        verbose_name = _("voorwaarde bij toekenning")
        verbose_name_plural = _("voorwaarden bij toekenning")

    def __str__(self) -> str:
        return self.text[:80]


def current_amount_rule(call) -> AmountRule | None:
    """The call's latest version of its amount rule (None while it has none)."""
    return call.amount_rules.order_by("-version").first()
