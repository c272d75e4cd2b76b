from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from grants.formatting import format_eur, format_number, format_percent

register = template.Library()

register.filter("eur", format_eur)
# Counts (inhabitants, municipalities) follow the reader's language through the locale's
# separators (config/formats/): 6.698.876 in Dutch, 6,698,876 in English. Amounts are not
# counts: `eur` keeps them Belgian in both languages, as the forms read them.
register.filter("thousands", intcomma)
register.filter("number", format_number)


@register.simple_tag
def percent(part, whole) -> str:
    return format_percent(part, whole)
