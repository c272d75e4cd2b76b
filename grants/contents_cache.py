"""What a page shows of an application's contents, through the cache, never stale.

The applicant's pages show on every request what changes only when something is written: the
checklist, the summary of the plan, the budget tables. ``through_cache`` keeps such a part under a
key that names a stamp of everything it reads, so a write makes a new key and a stale entry is
never looked up again (none is deleted):

- the application's ``updated_at``: every service that changes it or its members, actions,
  indicators, budget lines or attachments bumps it in the same transaction (grants.services),
  and its status. A part that reads none of the application's own fields (``reads_row=False``:
  only its members, actions, indicators, budget lines and attachments) is keyed on
  ``contents_changed_at`` instead, which every save renews too but the plan's and contacts' texts
  do not: saving the plan, as an applicant does again and again, leaves such a part in the cache;
- the call's and the applicant's ``updated_at``: the rules the call sets, the applicant's kind;
- a stamp of the reference data those parts name (municipalities, policy priorities, attachment
  types, target groups, partner types, the call's lists of them), renewed once such a change is
  committed (model signals, connected in ``grants.apps``), and when a user's name changes (the
  department's dossier names its users); a write that bypasses the signals
  (``QuerySet.update``) shows within ``CONTENTS_CACHE_SECONDS``. A request reads it once
  (``ReferenceStampPerRequest``), however many parts its page keeps;
- the active language;
- for a part that reads more than the application's contents (the follow-up of a decided dossier,
  its aftercare), the ``stamp`` its page passes: counts of the append-only events every write on
  those records adds in its transaction (``events_count``), read in the
  application's own query (or just after it, ``events_counts``), so they change with every
  committed write.

``call_through_cache`` does the same for what a page shows of a whole call (the dashboards' figures,
the agreements' tables), under the call's ``updated_at``, the reference stamp and a stamp of the
call's records its caller reads in one query (``monitoring.dashboard.figures_stamp``, ``agreements_stamp``).

Only for a cache every web worker shares (Redis): with 0 seconds (the default, and in the tests
unless they set it) every part is computed on every request.
"""

import uuid
from contextvars import ContextVar
from functools import cache as once_per_process

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

REFERENCE_STAMP_KEY = "contents:reference"


# The reference stamp as this request read it (ReferenceStampPerRequest): a page reads several
# parts through the cache, and each would otherwise ask Redis for the same stamp.
_stamp_this_request: ContextVar[dict | None] = ContextVar("reference_stamp", default=None)


class ReferenceStampPerRequest:
    """Middleware: the reference stamp read at most once per request (outside a request, such as
    in a task, on every use). A stamp renewed during the request is the one it goes on with."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _stamp_this_request.set({})
        try:
            return self.get_response(request)
        finally:
            _stamp_this_request.reset(token)


def renew_reference_stamp() -> None:
    def renew():
        stamp = uuid.uuid4().hex
        cache.set(REFERENCE_STAMP_KEY, stamp, None)
        if (this_request := _stamp_this_request.get()) is not None:
            this_request[REFERENCE_STAMP_KEY] = stamp
    transaction.on_commit(renew)


def events_count(events):
    """For an application query: how many rows of ``events`` (an append-only model with an
    ``application``) the application has. Every write on the records a page shows adds one in
    its transaction and none is ever removed, so the count changes with each commit (a highest
    id would not: ids are handed out before commit, not in its order)."""
    rows = events.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def events_counts(application_pk: int, *events) -> str:
    """``events_count`` of each of ``events`` for one application, in a query of its own whose SQL
    is written once per process: for a page whose own query would cost more to compile with
    them as annotations than this costs to run."""
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql(events), [application_pk] * len(events))
        return "-".join(map(str, cursor.fetchone()))


@once_per_process
def _counts_sql(events: tuple) -> str:
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.get_field('application').column)} = %s)" for model in events)


def _reference_stamp() -> str:
    this_request = _stamp_this_request.get()
    if this_request is None:
        return _stored_reference_stamp()
    if REFERENCE_STAMP_KEY not in this_request:
        this_request[REFERENCE_STAMP_KEY] = _stored_reference_stamp()
    return this_request[REFERENCE_STAMP_KEY]


def _stored_reference_stamp() -> str:
    return cache.get_or_set(REFERENCE_STAMP_KEY, lambda: uuid.uuid4().hex, None)


def contents_key(application, reads_row: bool = True) -> str:
    own = application.updated_at if reads_row else application.contents_changed_at
    stamps = (own, application.call.updated_at, application.applicant.updated_at)
    return ":".join([str(application.pk), application.status,
                     *(f"{stamp.timestamp():.6f}" for stamp in stamps), get_language(), _reference_stamp()])


def through_cache(application, part: str, compute, stamp: str = "", reads_row: bool = True):
    """What ``compute()`` returns for the application as it is now (``part`` names it; ``stamp``
    whatever else it reads changes with, read before ``compute`` reads it; ``reads_row=False``
    when it reads none of the application's own fields)."""
    if not settings.CONTENTS_CACHE_SECONDS:
        return compute()
    return _cached(f"{part}:{stamp}:{contents_key(application, reads_row)}", compute)


def call_through_cache(call, part: str, compute, stamp):
    """What ``compute()`` returns for the whole call as it is now (the dashboards' figures):
    ``stamp()`` names everything it reads that a write changes (asked only when caching, before
    ``compute`` reads); the call's ``updated_at``, the reference data's stamp and the language
    are added here."""
    if not settings.CONTENTS_CACHE_SECONDS:
        return compute()
    return _cached(f"{part}:{call.pk}:{call.updated_at.timestamp():.6f}:{stamp()}:{get_language()}:"
                   f"{_reference_stamp()}", compute)


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.CONTENTS_CACHE_SECONDS)
    return value
