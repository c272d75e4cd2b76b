from django import template

from grants.formatting import format_eur, format_int, format_number, format_percent

register = template.Library()

register.filter("eur", format_eur)
register.filter("thousands", format_int)
register.filter("number", format_number)


@register.simple_tag
def percent(part, whole) -> str:
    return format_percent(part, whole)
