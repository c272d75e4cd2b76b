"""Belgian notation for amounts and numbers, both ways: shown (€ 1.234,56 and 6.698.876)
and read back from what a person types (parse_belgian_decimal, and BelgianDecimalField for
a form)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _

THOUSANDS_ONLY = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
PLAIN_NUMBER = re.compile(r"^-?\d[\d.]*(,\d+)?$")


def format_eur(amount) -> str:
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    return f"{sign}€ {format_int(int(whole))},{cents}"


def format_int(n) -> str:
    return f"{int(n):,}".replace(",", ".")


def format_percent(part, whole) -> str:
    """72 for 46/64; rounded half up as the department reports it."""
    if not whole:
        return "0"
    return str(int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def parse_belgian_decimal(text: str) -> Decimal:
    """'1.234,56', '1234,56', '1234.56' and '12.500' all mean what a Belgian clerk means."""
    value = text.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if not PLAIN_NUMBER.match(value):
        raise InvalidOperation(value)
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif THOUSANDS_ONLY.match(value):
        value = value.replace(".", "")
    return Decimal(value)


class BelgianDecimalField(forms.DecimalField):
    """A number as a Belgian types it, never negative."""

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
        if value in self.empty_values:
            return None
        try:
            number = parse_belgian_decimal(str(value))
        except InvalidOperation:
            raise forms.ValidationError(_("Geef een getal, bijvoorbeeld %(example)s.")
                                        % {"example": self.example}, code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(_("Geef een getal, bijvoorbeeld %(example)s.")
                                        % {"example": self.example}, code="invalid")
        return number

    def validate(self, value):
        super().validate(value)
        if value is not None and value < 0:
            raise forms.ValidationError(_("Een bedrag of aantal kan niet negatief zijn."), code="negative")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", ",")
        return value
