"""Cooperation agreements as on 17/10/2022, in the shape of the minister's answer to written
question 34 (shared/background/004_…): the published counts per province, spread over real
municipalities. Which municipality signed when is not public, so the spread is invented (the
first ones by NIS code) — only the counts are real. Used by ``make demo`` and by the tests.

The history has a past: half of the municipalities signed in 2021, the other half were
negotiating from February 2022 and signed on 15/09/2022; those expected by the end of 2022
negotiate since May 2022; the rest has not started. So an earlier day shows an earlier state.
"""

import csv
import io
from datetime import date

from grants.models import Call, Municipality, Province, Regiegebied

REFERENCE, FORECAST = date(2022, 10, 17), date(2022, 12, 31)
# province: (municipalities with an SO, forecast; regiegebieden, with an SO, forecast)
PUBLISHED = {
    "West-Vlaanderen": (46, 57, 5, 3, 4),
    "Oost-Vlaanderen": (55, 55, 7, 7, 7),
    "Antwerpen": (51, 68, 11, 9, 11),
    "Vlaams-Brabant": (26, 26, 7, 7, 7),
    "Limburg": (22, 23, 7, 4, 4),
}
EARLY, NEGOTIATING, LATE = date(2021, 3, 1), date(2022, 2, 1), date(2022, 9, 15)
PENDING, NOT_STARTED = date(2022, 5, 1), date(2022, 1, 1)


def make_regiegebieden(call: Call) -> list[Regiegebied]:
    """The 37 regiegebieden: each province's municipalities split into consecutive groups."""
    made = []
    for province_name, (*_counts, total, _now, _forecast) in PUBLISHED.items():
        province = Province.objects.get(name=province_name)
        members = list(Municipality.objects.filter(province=province).order_by("nis_code"))
        for index in range(total):
            regiegebied = Regiegebied.objects.create(call=call, province=province,
                                                     name=f"Regiegebied {province_name} {index + 1}")
            regiegebied.municipalities.set(members[index::total])
            made.append(regiegebied)
    return made


def agreements_csv(regiegebieden: bool = True) -> str:
    """The import file (grants.agreements.COLUMNS) that yields the published table; without
    the regiegebieden' lines when they are not those of ``make_regiegebieden``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["soort", "code", "status", "sinds", "verwachte ondertekening"])
    for province_name, (now, forecast, total, rg_now, rg_forecast) in PUBLISHED.items():
        codes = Municipality.objects.filter(province__name=province_name).order_by("nis_code")
        codes = list(codes.values_list("nis_code", flat=True))
        names = [f"Regiegebied {province_name} {index + 1}" for index in range(total)]
        for kind, units, signed, expected in (("gemeente", codes, now, forecast),
                                              ("regiegebied", names if regiegebieden else [], rg_now,
                                               rg_forecast)):
            for position, code in enumerate(units):
                writer.writerows([[kind, code, *line] for line in _history(position, signed, expected)])
    return buffer.getvalue()


def _history(position: int, signed: int, expected: int) -> list[list[str]]:
    day = "%d/%m/%Y"
    if position < signed // 2:
        return [["afgesloten", EARLY.strftime(day), ""]]
    if position < signed:
        return [["in onderhandeling", NEGOTIATING.strftime(day), date(2022, 9, 30).strftime(day)],
                ["afgesloten", LATE.strftime(day), ""]]
    if position < expected:
        return [["in onderhandeling", PENDING.strftime(day), FORECAST.strftime(day)]]
    return [["gesprekken nog op te starten", NOT_STARTED.strftime(day), ""]]
