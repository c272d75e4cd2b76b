from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


@register.filter
def weekday_moment(value) -> str:
    """A deadline as the call states it, with its weekday, in Brussels time: "zondag 15 januari 2023
    om 23:59" ("Sunday 15 January 2023 at 23:59" in English)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    day, hour = date_format(local, "l j F Y"), date_format(local, "H:i")
    return _("%(day)s om %(time)s") % {"day": day, "time": hour}
