"""Which category each municipality falls in on the map of Flanders, for the three maps the
committee reads: coverage by applications, agreement status with VDAB, regiegebieden."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from grants.models import AgreementStatus, Call, Regiegebied
from monitoring.agreements import municipalities_on
from monitoring.dashboard import municipalities_of
from monitoring.flanders_map import FlandersMap, build

MAPS = {
    "dekking": _("Dekking door aanvragen"),
    "so": _("Samenwerkingsovereenkomst met VDAB"),
    "regiegebied": _("Regiegebieden"),
}


def coverage_map(call: Call, kind: str, day: date, municipalities=None, statuses=None) -> FlandersMap:
    """``kind`` is a key of MAPS; ``day`` the day the agreement statuses are read on;
    ``municipalities``, for "dekking", what ``municipalities_of(call)`` gave when already read;
    ``statuses``, for "so", the statuses on ``day`` by NIS code when already read (the table's)."""
    if kind == "so":
        if statuses is None:
            statuses = dict(municipalities_on(day).values_list("nis_code", "agreement_status"))
        return build(MAPS[kind], [*AgreementStatus.choices, ("", _("niets geregistreerd"))], statuses)
    if kind == "regiegebied":
        members = Regiegebied.municipalities.through.objects.filter(regiegebied__call=call)
        names = dict(members.values_list("municipality__nis_code", "regiegebied__name"))
        return build(MAPS[kind], [("in", _("in een regiegebied")), ("", _("in geen regiegebied"))],
                     dict.fromkeys(names, "in"), names)
    categories = {}
    for m in municipalities_of(call) if municipalities is None else municipalities:
        categories[m.nis_code] = ("granted" if m.in_granted else "submitted" if m.in_submitted
                                  else "draft" if m.in_application else "")
    return build(MAPS["dekking"], [("granted", _("in een toegekende aanvraag")),
                                   ("submitted", _("in een ingediende aanvraag")),
                                   ("draft", _("alleen in een concept")), ("", _("in geen aanvraag"))],
                 categories)
