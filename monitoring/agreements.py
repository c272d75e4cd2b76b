"""Cooperation agreements with VDAB on a given day, and the parliamentary table built on them.

The status of a municipality or a regiegebied on day X is its last change on or before X
(``grants.models.agreements``); the forecast at a later day F counts, beside those already
signed on X, those whose expected signature (as known on X) falls on or before F. The table
has the shape of the minister's answer to written question 34 (17/10/2022): per province and
for Flanders, municipalities and regiegebieden with an agreement, x/y and %, now and forecast.
Each read is one query, whatever the number of municipalities, regiegebieden or changes.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from grants.formatting import format_percent
from grants.models import AgreementChange, AgreementStatus, Call, Municipality, Regiegebied

SIGNED = AgreementStatus.AFGESLOTEN
# Published figures whose denominator differs from ours, and why (shown under the table).
OLDER_DENOMINATORS = {"Antwerpen": 70}


def _last_change(day: date, **unit):
    return AgreementChange.objects.filter(since__lte=day, **unit).order_by("-since", "-pk")


def with_status_on(queryset, day: date, unit: str):
    """Annotate ``agreement_status`` and ``expected_signature`` as they stood on ``day``
    (None: nothing recorded by then). ``unit`` is "municipality" or "regiegebied"."""
    last = _last_change(day, **{unit: OuterRef("pk")})
    return queryset.annotate(agreement_status=Subquery(last.values("status")[:1]),
                             expected_signature=Subquery(last.values("expected_signature")[:1]))


def municipalities_on(day: date):
    """The municipalities that existed on ``day``, with their agreement's status then."""
    return with_status_on(Municipality.objects.valid_on(day).select_related("province"), day, "municipality")


def regiegebieden_on(call: Call, day: date):
    """The call's regiegebieden, with their population and their agreement's status on ``day``."""
    regiegebieden = (Regiegebied.objects.filter(call=call).select_related("province")
                     .annotate(population=Sum("municipalities__population")))
    return with_status_on(regiegebieden, day, "regiegebied")


def changed_after(queryset, moment, unit: str):
    """For incremental reads: those whose own row or agreement history changed at or after
    ``moment`` (a subquery, so the population's sum counts each member once)."""
    recorded = AgreementChange.objects.filter(**{unit: OuterRef("pk")}, recorded_at__gte=moment)
    return queryset.filter(Q(updated_at__gte=moment) | Exists(recorded))


def signed(unit, forecast: date | None = None) -> bool:
    """Signed on the day asked; with ``forecast``, expected to be signed by then."""
    if unit.agreement_status == SIGNED:
        return True
    return bool(forecast and unit.expected_signature and unit.expected_signature <= forecast)


@dataclass
class Count:
    part: int = 0
    total: int = 0

    def add(self, counted: bool, n: int = 1) -> None:
        self.total += n
        self.part += counted * n

    @property
    def percent(self) -> str:
        return format_percent(self.part, self.total)

    @property
    def percent_number(self) -> int:
        return int(self.percent)

    def __str__(self) -> str:
        return f"{self.part}/{self.total}"


@dataclass
class TableRow:
    name: str
    municipalities: Count = field(default_factory=Count)
    municipalities_forecast: Count = field(default_factory=Count)
    regiegebieden: Count = field(default_factory=Count)
    regiegebieden_forecast: Count = field(default_factory=Count)

    def cells(self) -> list:
        """The row as the minister's table prints it: x/y and % four times."""
        return [self.name, *[cell for count in self.counts for cell in (str(count), count.percent)]]

    @property
    def counts(self) -> list[Count]:
        return [self.municipalities, self.municipalities_forecast, self.regiegebieden,
                self.regiegebieden_forecast]


@dataclass
class ParliamentaryTable:
    call: Call
    reference: date
    forecast: date
    provinces: list[TableRow]
    flanders: TableRow
    # Each municipality's status on the reference day by NIS code, for the map beside the table.
    statuses: dict[str, str | None] = field(default_factory=dict)

    @property
    def rows(self) -> list[TableRow]:
        return [*self.provinces, self.flanders]

    def header(self) -> list[str]:
        on, by = self.reference.strftime("%d/%m/%Y"), self.forecast.strftime("%d/%m/%Y")
        return [_("Provincie"), _("Gemeenten met SO op %(day)s") % {"day": on}, "%",
                _("Prognose gemeenten op %(day)s") % {"day": by}, "%",
                _("Regiegebieden met SO op %(day)s") % {"day": on}, "%",
                _("Prognose regiegebieden op %(day)s") % {"day": by}, "%"]

    @property
    def notes(self) -> list[str]:
        """Where a denominator differs from an older published figure."""
        return [_("%(province)s telt %(now)s gemeenten op %(day)s; een eerder gepubliceerde tabel noemt er "
                  "%(old)s. Sinds de fusie van Puurs en Sint-Amands tot Puurs-Sint-Amands (1 januari 2019) "
                  "zijn het er %(now)s.") % {"province": row.name, "now": row.municipalities.total,
                                             "old": OLDER_DENOMINATORS[row.name],
                                             "day": self.reference.strftime("%d/%m/%Y")}
                for row in self.provinces
                if OLDER_DENOMINATORS.get(row.name, row.municipalities.total) != row.municipalities.total]


def default_forecast(reference: date) -> date:
    """The forecast the minister's table gives when none is asked: the end of that year."""
    return date(reference.year, 12, 31)


def parliamentary_table(call: Call, reference: date, forecast: date) -> ParliamentaryTable:
    """Two queries: the municipalities and the regiegebieden, each with its status on ``reference``."""
    provinces: dict[str, TableRow] = {}
    flanders = TableRow(_("Vlaanderen"))
    municipalities = municipalities_on(reference).values_list(  # 300 rows, no models
        "nis_code", "province__name", "agreement_status", "expected_signature", named=True)
    statuses, counted = {}, Counter()
    for municipality in municipalities:
        statuses[municipality.nis_code] = municipality.agreement_status
        counted[municipality.province__name, signed(municipality), signed(municipality, forecast)] += 1
    # Counted per province and outcome first: a handful of adds instead of four per municipality.
    for (province, now, by_forecast), n in counted.items():
        row = provinces.setdefault(province, TableRow(province))
        for target in (row, flanders):
            target.municipalities.add(now, n)
            target.municipalities_forecast.add(by_forecast, n)
    for regiegebied in regiegebieden_on(call, reference):
        row = provinces.setdefault(regiegebied.province.name, TableRow(regiegebied.province.name))
        for target in (row, flanders):
            target.regiegebieden.add(signed(regiegebied))
            target.regiegebieden_forecast.add(signed(regiegebied, forecast))
    ordered = sorted(provinces.values(), key=_province_order)
    return ParliamentaryTable(call, reference, forecast, ordered, flanders, statuses)


# The order of the minister's table: west to east.
PROVINCE_ORDER = ["West-Vlaanderen", "Oost-Vlaanderen", "Antwerpen", "Vlaams-Brabant", "Limburg"]


def _province_order(row: TableRow):
    return (PROVINCE_ORDER.index(row.name) if row.name in PROVINCE_ORDER else len(PROVINCE_ORDER), row.name)
