"""The monitoring dashboard of one call, in a fixed handful of aggregate queries.

Coverage is read off the municipalities that existed at the start of the call (the 300),
so the figures do not depend on how many applications there are.
"""

from collections import Counter, namedtuple
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Exists, F, Func, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.models import AftercareEvent
from grants.contents_cache import call_through_cache
from grants.formatting import format_percent
from grants.models import (
    GRANTED_STATUSES,
    SUBMITTED_STATUSES,
    AgreementChange,
    Applicant,
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Call,
    Municipality,
    Regiegebied,
)
from grants.money import requested_in_call
from grants.sql import compiled
from monitoring.agreements import signed, with_status_on
from workflow.decisions import committed_per_year
from workflow.models import AuditEvent

# A municipality as the dashboard reads it: a plain row, so a cached dashboard can be pickled.
Place = namedtuple("Place", ["nis_code", "name", "population", "province_name", "agreement_status",
                             "expected_signature", "in_application", "in_submitted", "in_granted"])


@dataclass
class Coverage:
    """Municipalities of one province (or Flanders) and how many each measure covers."""

    name: str
    total: int = 0
    submitted: int = 0
    granted: int = 0
    vdab: int = 0
    regiegebieden: int = 0  # of the call, in this province (by its lead municipality)
    population: int = 0
    population_submitted: int = 0
    population_granted: int = 0

    def add(self, municipality) -> None:
        self.total += 1
        self.population += municipality.population
        self.vdab += signed(municipality)
        if municipality.in_submitted:
            self.submitted += 1
            self.population_submitted += municipality.population
        if municipality.in_granted:
            self.granted += 1
            self.population_granted += municipality.population

    def shape(self, part: int) -> str:
        """As the department reports it: "West-Vlaanderen 46/64 — 72%"."""
        return f"{self.name} {part}/{self.total} — {format_percent(part, self.total)}%"

    @property
    def submitted_text(self) -> str:
        return self.shape(self.submitted)

    @property
    def granted_text(self) -> str:
        return self.shape(self.granted)

    @property
    def vdab_text(self) -> str:
        return self.shape(self.vdab)


@dataclass
class YearMoney:
    year: int
    envelope: Decimal
    requested: Decimal
    granted: Decimal

    @property
    def exceeded(self) -> bool:
        return self.granted > self.envelope

    @property
    def scale(self) -> Decimal:
        """The longest bar of the year's chart."""
        return max(self.envelope, self.requested, self.granted)


@dataclass
class Dashboard:
    call: Call
    states: list[tuple[str, str, int]]  # (status, label, count)
    provinces: list[Coverage]
    flanders: Coverage
    money: list[YearMoney]
    uncovered: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)  # municipalities_of(call), for the map

    @property
    def applications(self) -> int:
        return sum(count for _status, _label, count in self.states)

    @property
    def uncovered_by_province(self) -> dict[str, list[str]]:
        """Province → the names of its municipalities in no application."""
        grouped: dict[str, list[str]] = {}
        for municipality in self.uncovered:
            grouped.setdefault(municipality.province_name, []).append(municipality.name)
        return grouped


def _live_member(call, statuses=None):
    members = ApplicationMunicipality.objects.filter(call=call, municipality=OuterRef("pk"), active=True)
    return members.filter(application__status__in=statuses) if statuses else members


def municipalities_of(call: Call) -> list[Place]:
    """The call's municipalities, what covers them, and their agreement with VDAB today: the
    300 as rows (named tuples), not models, which cost a dashboard more than its queries."""
    rows = (
        with_status_on(Municipality.objects.valid_on(call.period_start), timezone.localdate(), "municipality")
        .annotate(province_name=F("province__name"),
                  in_application=Exists(_live_member(call)),
                  in_submitted=Exists(_live_member(call, SUBMITTED_STATUSES)),
                  in_granted=Exists(_live_member(call, GRANTED_STATUSES)))
        .order_by("province__name", "name")
        .values_list(*Place._fields)
    )
    return [Place._make(row) for row in rows]


def figures_stamp(call: Call) -> str:
    """A stamp of all the call's records that its dashboards' figures (``call_dashboard``,
    ``monitoring.aggregates.call_aggregates``, ``aftercare.selectors.payment_figures``; and the
    payments page's tranches and recoveries, with their dossier numbers and applicants) read and
    a write changes, in one query, for ``grants.contents_cache.call_through_cache`` (which adds
    the call itself, the reference data and the language). Every write that changes a figure
    changes one of these: the applications' number and their latest ``updated_at`` (editing,
    members, plan, budget; the status through ``fire``), their applicants' latest ``updated_at``
    (the lead municipality), the append-only audit and aftercare events (every step: decisions,
    tranches, recoveries, changes), the call's regiegebieden (number, latest ``updated_at``), the
    append-only agreement changes, and today's date (an agreement's status is read on it)."""
    return _stamp(*_stamp_sql(call.pk), timezone.localdate())


def agreements_stamp(call: Call) -> str:
    """A stamp of what the agreements' pages (the department's municipalities, the committee's
    table) read of the call and a write changes, in one query, for ``call_through_cache``: the
    call's regiegebieden (number, latest ``updated_at``: forming them, a member joining or
    leaving, an edit in the admin) and the append-only agreement changes. The days the statuses
    are read on are the page's to add."""
    return _stamp(*_agreements_stamp_sql(call.pk))


def _stamp(sql: str, params: tuple, *more) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = (*cursor.fetchone(), *more)
    return ":".join(map(str, values)).replace(" ", "T")  # a cache key without spaces


def figures_through_cache(call: Call, part: str, compute):
    """``compute()``, figures of the call (and what a page draws of them alone, or of the records
    ``figures_stamp`` names), from the cache while no write changed what they read."""
    return call_through_cache(call, part, compute, lambda: figures_stamp(call))


def _whole(rows, expression):
    """One aggregate over all ``rows`` as a subquery (COUNT/MAX as a plain function: no GROUP BY)."""
    return Subquery(rows.order_by().annotate(value=expression).values("value"))


@lru_cache(maxsize=16)
def _stamp_sql(call_pk: int) -> tuple[str, tuple]:
    """``figures_stamp``'s query, compiled once per process per call: compiling costs more than running it."""
    applications = Application.objects.filter(call_id=call_pk)
    return compiled(Call.objects.filter(pk=call_pk).values_list(
        _whole(applications, _count()), _whole(applications, _latest()),
        _whole(Applicant.objects.filter(applications__call_id=call_pk), _latest()),
        _whole(AuditEvent.objects.filter(application__call_id=call_pk), _count()),
        _whole(AftercareEvent.objects.filter(application__call_id=call_pk), _count()),
        *_agreements_parts(call_pk)))


@lru_cache(maxsize=16)
def _agreements_stamp_sql(call_pk: int) -> tuple[str, tuple]:
    """``agreements_stamp``'s query, compiled once per process per call."""
    return compiled(Call.objects.filter(pk=call_pk).values_list(*_agreements_parts(call_pk)))


def _agreements_parts(call_pk: int) -> tuple:
    regiegebieden = Regiegebied.objects.filter(call_id=call_pk)
    return (_whole(regiegebieden, _count()), _whole(regiegebieden, _latest()),
            _whole(AgreementChange.objects.all(), _count()))


def _count():
    return Func(F("pk"), function="COUNT")


def _latest():
    return Func(F("updated_at"), function="MAX")


def call_dashboard(call: Call) -> Dashboard:
    counts = Counter(dict(call.applications.values_list("status").annotate(n=Count("pk")).order_by()))
    states = [(status.value, str(status.label), counts.get(status.value, 0)) for status in ApplicationStatus]
    provinces: dict[str, Coverage] = {}
    flanders = Coverage(_("Vlaanderen"))
    uncovered, municipalities = [], municipalities_of(call)
    for municipality in municipalities:
        name = municipality.province_name
        provinces.setdefault(name, Coverage(name)).add(municipality)
        flanders.add(municipality)
        if not municipality.in_application:
            uncovered.append(municipality)
    for name, count in call.regiegebieden.values_list("province__name").annotate(n=Count("pk")).order_by():
        provinces.setdefault(name, Coverage(name)).regiegebieden = count
        flanders.regiegebieden += count
    requested, granted = requested_in_call(call, SUBMITTED_STATUSES), committed_per_year(call)
    money = [YearMoney(year, call.annual_envelope, requested[year], granted.get(year, Decimal("0")))
             for year in call.years]
    return Dashboard(call, states, list(provinces.values()), flanders, money, uncovered, municipalities)


def municipalities_without_contact(call) -> list[str]:
    """The names of the municipalities of the call's period that no invitation or copy can
    reach: no contact address loaded (manage.py load_municipality_contacts)."""
    return list(Municipality.objects.valid_on(call.period_start).filter(contact_email="")
                .order_by("name").values_list("name", flat=True))
