"""Belgian notation for amounts and numbers: € 1.234,56 and 6.698.876."""

from decimal import ROUND_HALF_UP, Decimal


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
