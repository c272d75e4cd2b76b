"""Checks on Belgian identifiers, with messages a municipal clerk understands.

The arithmetic comes from python-stdnum (KBO/ondernemingsnummer mod 97, IBAN ISO 13616
and the Belgian BBAN check); this module only turns its verdicts into clear messages.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum import iban as stdnum_iban
from stdnum.be import vat as stdnum_kbo


def normalize_kbo(value: str) -> str:
    """Return the 10-digit form of an ondernemingsnummer (no dots, spaces or 'BE')."""
    return stdnum_kbo.compact(value or "")


def format_kbo(value: str) -> str:
    """0314595348 -> 0314.595.348, as the KBO shows it."""
    digits = normalize_kbo(value)
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else value


def validate_kbo(value: str) -> None:
    try:
        stdnum_kbo.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("Een ondernemingsnummer telt 10 cijfers, bijvoorbeeld 0314.595.348."),
            code="kbo_length",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("Een ondernemingsnummer bestaat alleen uit cijfers en begint met 0 of 1."),
            code="kbo_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet. "
              "Kijk het na in de KBO."),
            code="kbo_checksum",
        ) from None
    except stdnum_errors.ValidationError:  # e.g. a number starting with 2..9 (InvalidComponent)
        raise ValidationError(
            _("Een ondernemingsnummer bestaat alleen uit cijfers en begint met 0 of 1."),
            code="kbo_format",
        ) from None


def normalize_iban(value: str) -> str:
    return stdnum_iban.compact(value or "")


def format_iban(value: str) -> str:
    """BE71096123456769 -> BE71 0961 2345 6769."""
    return stdnum_iban.format(value) if value else ""


def validate_iban(value: str) -> None:
    try:
        stdnum_iban.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("Dit rekeningnummer heeft niet het juiste aantal tekens. Een Belgisch IBAN telt "
              "16 tekens, bijvoorbeeld BE71 0961 2345 6769."),
            code="iban_length",
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(
            _("Dit rekeningnummer hoort niet bij een gekende bank. Kijk het IBAN na."),
            code="iban_bank",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("Dit is geen geldig IBAN: het begint met een landcode en bevat verder alleen "
              "cijfers en letters."),
            code="iban_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Dit rekeningnummer bestaat niet: de controlecijfers kloppen niet. "
              "Kijk het IBAN na."),
            code="iban_checksum",
        ) from None


def validate_belgian_iban(value: str) -> None:
    """Subsidies are paid to the penvoerder's Belgian account."""
    validate_iban(value)
    if not normalize_iban(value).startswith("BE"):
        raise ValidationError(
            _("Geef een Belgisch rekeningnummer op (het begint met BE)."), code="iban_country"
        )
