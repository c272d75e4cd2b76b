"""Belgian notation for amounts and numbers: € 1.234,56 and 6.698.876, read and written in one
place (Babel's nl_BE rules), so every form, page, export and API reads and shows them alike."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from django import forms
from django.utils.translation import gettext as _

LOCALE = "nl_BE"
CENT = Decimal("0.01")
BELGIAN_SEPARATORS = str.maketrans(",.", ".,")
# What may remain of a typed number once spaces and the euro sign are gone; Babel alone
# would also take '1e5', 'NaN' and 'Infinity'.
DIGITS_AND_SEPARATORS = re.compile(r"[-+]?[\d.,]+")
# A point before one or two digits cannot group thousands: 62500.00 as machines write it.
DECIMAL_POINT = re.compile(r"[-+]?\d+\.\d{1,2}")


def parse_belgian_decimal(text: str) -> Decimal:
    """'62.500,00', '62500,50', '€ 1.234,56' and '12.500' as a Belgian means them, and '62500.00'
    as other systems write it; raise InvalidOperation for anything else ('1.2.3', '62.50.0'),
    so an amount is never guessed."""
    value = re.sub(r"\s", "", str(text)).replace("€", "")
    if DECIMAL_POINT.fullmatch(value):
        return Decimal(value)
    if not DIGITS_AND_SEPARATORS.fullmatch(value):
        raise InvalidOperation(text)
    try:
        number = parse_decimal(value, locale=LOCALE, strict=True)
    except NumberFormatError:
        raise InvalidOperation(text) from None
    if not number.is_finite():
        raise InvalidOperation(text)
    return number


def format_eur(amount) -> str:
    """€ 1.234,56, rounded half up to the cent as the department reports money."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    # What Babel's nl_BE "¤ #,##0.00" writes (-€ 0,00 for a negative zero too), without its
    # pattern machinery: a list of 25 amounts took longer in Babel than the rest of its row.
    digits = f"{abs(value):,.2f}".translate(BELGIAN_SEPARATORS)
    return f"-€ {digits}" if value.is_signed() else f"€ {digits}"


def format_int(n) -> str:
    """6.698.876: a count, with a point between the thousands."""
    return format_decimal(int(n), format="#,##0", locale=LOCALE)


def format_number(value) -> str:
    """A measured value as typed: 12 for 12.00, 1.250,50 for 1250.5, every decimal it has kept."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return format_int(number)
    return format_decimal(number, format="#,##0.00", locale=LOCALE, decimal_quantization=False)


def format_percent(part, whole) -> str:
    """72 for 46/64; rounded half up as the department reports it."""
    if not whole:
        return "0"
    return str(int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


class AmountField(forms.DecimalField):
    """An amount or a count as a Belgian types it, never negative: a text input (a number
    input would let the browser read '62.500,00' as 62.5) that the phone opens with digits."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, example="1.234,56", **kwargs):
        self.example = example
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.error_messages.update({
            "max_digits": _("Dit getal is te groot."),
            "max_whole_digits": _("Dit getal is te groot."),
            "max_decimal_places": _("Geef hoogstens twee cijfers na de komma."),
        })

    def to_python(self, value):
        """Text is read the Belgian way; a Decimal (the API's, already read) is kept."""
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_belgian_decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(_("Geef een getal, bijvoorbeeld %(example)s.")
                                        % {"example": self.example}, code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is not None and value < 0:
            raise forms.ValidationError(_("Een bedrag of aantal kan niet negatief zijn."), code="negative")

    def prepare_value(self, value):
        """Shown again as it would be typed: 62.500,00, or 12 for a whole count."""
        if isinstance(value, Decimal | int):
            return format_number(value)
        return value
