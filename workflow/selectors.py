"""The department's reads of a call's applications: filtered, searched, sorted and paged, as
the list page and its exports show them, and the reviewers one can assign them to."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext

from grants.completeness import with_completeness
from grants.fragments import Keyed
from grants.models import WAITING_ON_REVIEWER_STATUSES, ApplicantKind, Application, ApplicationStatus, Call
from grants.money import requested_expression
from grants.roles import Role, has_role
from grants.sql import compiled
from workflow.models import ClarificationRequest, ConflictDeclaration, DecisionProposal

PAGE_SIZE = 25

SORTS = {
    # Concepts have no number yet: last either way, on SQLite and PostgreSQL alike.
    "dossier": (F("dossier_number").asc(nulls_last=True), "pk"),
    "-dossier": (F("dossier_number").desc(nulls_last=True), "-pk"),
    "aanvrager": ("applicant__name", "pk"),
    "-aanvrager": ("-applicant__name", "-pk"),
    "status": ("status", "applicant__name", "pk"),
    "provincie": ("applicant__lead_municipality__province__name", "applicant__name", "pk"),
    "ingediend": (F("submitted_at").asc(nulls_last=True), "pk"),
    "-ingediend": (F("submitted_at").desc(nulls_last=True), "-pk"),
    "gevraagd": ("requested", "pk"),
    "-gevraagd": ("-requested", "-pk"),
}


@dataclass(frozen=True)
class ListFilters:
    status: str = ""
    province: int | None = None
    kind: str = ""
    reviewer: str = ""  # a user id, "geen" for unassigned, "" for all
    late: bool | None = None
    complete: bool | None = None
    search: str = ""
    sort: str = "dossier"


def call_applications(call: Call, filters: ListFilters = ListFilters()):
    """The call's submitted applications with the facts the list shows, filtered and sorted.
    A draft is the applicant's until they submit it: the list's page only says how many there are."""
    submitted = Application.objects.filter(call=call, submitted_at__isnull=False)
    return _listed(call, with_completeness(submitted, call), filters)


def call_applications_page(call: Call, filters: ListFilters, number) -> tuple[Page, int]:
    """A page of ``call_applications`` as the list shows it (``ListRow``), and how many of the
    call's applications are drafts (the applicant's until they submit them, not listed):
    two queries whose SQL is compiled once per process per call and filters (compiling the
    list's query cost the page more than running it)."""
    listing = _compiled_listing(Keyed((call, filters), (_call_key(call), filters)))
    with connection.cursor() as cursor:
        cursor.execute(listing.count_sql, listing.count_params)
        total, drafts = cursor.fetchone()
    return page_of(_Window(listing, total), number), drafts


@dataclass(frozen=True)
class ListRow:
    """An application as a row of the list shows it: plain values, all that the row shows."""
    pk: int
    dossier_number: str | None
    applicant_name: str
    applicant_kind: str
    province: str
    status: str
    reviewer: str  # the person's name, "" when unassigned
    submitted_at: datetime
    is_late: bool
    is_complete: bool
    requested: Decimal

    @property
    def status_label(self) -> str:
        return dict(ApplicationStatus.choices).get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return dict(ApplicantKind.choices).get(self.applicant_kind, self.applicant_kind)


ROW_COLUMNS = ("pk", "dossier_number", "applicant__name", "applicant__kind",
               "applicant__lead_municipality__province__name", "status", "assignment__reviewer__first_name",
               "assignment__reviewer__last_name", "assignment__reviewer__username", "submitted_at", "is_late",
               "is_complete", "requested")


def _call_key(call: Call) -> tuple:
    """All that the list's SQL takes from the call: every field (its rules switch completeness
    conditions; its priorities and attachment types are read by the SQL itself), so a changed
    call is a new key."""
    return connection.vendor, repr([getattr(call, f.attname) for f in Call._meta.concrete_fields])


@lru_cache(maxsize=32)
def _compiled_listing(key: Keyed) -> "_Listing":
    call, filters = key.value
    submitted = Application.objects.filter(call=call, submitted_at__isnull=False)
    listed = _listed(call, with_completeness(submitted, call), filters)
    rows = listed.values_list(*ROW_COLUMNS).query.get_compiler(connection=connection)
    rows_sql, rows_params = rows.as_sql()
    count_sql, count_params = compiled(listed.order_by().values("pk"))
    drafts_sql, drafts_params = compiled(
        Application.objects.filter(call=call, status=ApplicationStatus.CONCEPT).values("pk"))
    return _Listing(
        count_sql=f"SELECT (SELECT COUNT(*) FROM ({count_sql}) c), (SELECT COUNT(*) FROM ({drafts_sql}) d)",
        count_params=(*count_params, *drafts_params),
        rows_sql=f"{rows_sql} LIMIT %s OFFSET %s", rows_params=tuple(rows_params), rows=rows)


@dataclass(frozen=True)
class _Listing:
    """The list's SQL for one call and filters: its count beside the call's drafts, and its rows
    (a window of them follows), with the compiler that converts them as the ORM would."""
    count_sql: str
    count_params: tuple
    rows_sql: str
    rows_params: tuple
    rows: SQLCompiler


class _Window:
    """The listing as a paginator reads it: its count, known, and a slice of its rows."""

    def __init__(self, listing: _Listing, total: int):
        self.listing, self.total = listing, total

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[ListRow]:
        if window.stop <= window.start:
            return []
        listing = self.listing
        with connection.cursor() as cursor:
            cursor.execute(listing.rows_sql, (*listing.rows_params, window.stop - window.start, window.start))
            fetched = cursor.fetchall()
        return [ListRow(pk, number, name, kind, province, status, _person_name(*reviewer), submitted_at,
                        is_late, complete, requested)
                for (pk, number, name, kind, province, status, *reviewer, submitted_at, is_late, complete,
                     requested) in listing.rows.results_iter([fetched])]


def _person_name(first_name, last_name, username) -> str:
    """As the workspace names a person (User.get_full_name or the username); "" for no one."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


def _listed(call: Call, queryset, filters: ListFilters):
    queryset = queryset.annotate(
        requested=requested_expression(),
    ).select_related("applicant__lead_municipality__province", "assignment__reviewer", "extension")
    late = When(submitted_at__gt=call.deadline, then=Value(True))
    queryset = queryset.annotate(is_late=Case(late, default=Value(False), output_field=BooleanField()))
    return _filtered(queryset, filters).order_by(*SORTS.get(filters.sort, SORTS["dossier"]))


def _filtered(queryset, filters: ListFilters):
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.province:
        queryset = queryset.filter(applicant__lead_municipality__province_id=filters.province)
    if filters.kind:
        queryset = queryset.filter(applicant__kind=filters.kind)
    if filters.reviewer == "geen":
        queryset = queryset.filter(assignment__isnull=True)
    elif filters.reviewer:
        queryset = queryset.filter(assignment__reviewer_id=filters.reviewer)
    if filters.late is not None:
        queryset = queryset.filter(is_late=filters.late)
    if filters.complete is not None:
        queryset = queryset.filter(is_complete=filters.complete)
    if term := filters.search.strip():
        queryset = queryset.filter(Q(applicant__name__icontains=term) | Q(dossier_number__icontains=term))
    return queryset


def page_of(queryset, number):
    return Paginator(queryset, PAGE_SIZE).get_page(number)


def reviewers():
    """The dossierbehandelaars one can assign, for the bulk assignment."""
    return (get_user_model().objects.filter(groups__name=Role.DOSSIERBEHANDELAAR, is_active=True)
            .order_by("first_name", "last_name", "username").distinct())



def work_queue(user) -> list[tuple[Application, str]]:
    """The dossiers waiting for this user, each with why: assigned to them and waiting on the
    reviewer (an answered clarification first), or, for a beslisser, a proposal by someone else.
    Two queries, however many dossiers."""
    answered = ClarificationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=False)
    assigned = (Application.objects
                .filter(assignment__reviewer=user,
                        status__in=WAITING_ON_REVIEWER_STATUSES)
                .annotate(answered=Exists(answered)).select_related("applicant", "call")
                .order_by("-answered", "submitted_at", "pk"))
    rows = [(a, gettext("Aanvulling ontvangen: neem de beoordeling weer op.") if a.answered
             and a.status == ApplicationStatus.IN_BEOORDELING else gettext("Wacht op uw behandeling."))
            for a in assigned]
    if has_role(user, Role.BESLISSER):
        proposed_by_others = DecisionProposal.objects.filter(
            application=OuterRef("pk"), approved_at__isnull=True, returned=False).exclude(proposed_by=user)
        conflicted = ConflictDeclaration.objects.filter(application=OuterRef("pk"), reviewer=user,
                                                        has_conflict=True)
        waiting = (Application.objects.filter(status=ApplicationStatus.BESLISSING_VOORGESTELD)
                   .filter(Exists(proposed_by_others)).exclude(Exists(conflicted))
                   .select_related("applicant", "call").order_by("updated_at", "pk"))
        rows += [(a, gettext("Beslissingsvoorstel wacht op uw goedkeuring.")) for a in waiting]
    return rows
