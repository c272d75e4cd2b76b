"""The department's reads of a call's applications: filtered, searched, sorted and paged, as
the list page and its exports show them, and the reviewers one can assign them to."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext

from grants.completeness import completeness_of, with_completeness
from grants.models import WAITING_ON_REVIEWER_STATUSES, Application, ApplicationStatus, Call
from grants.money import requested_expression
from grants.roles import Role, has_role
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
    A draft is the applicant's until they submit it: ``draft_count`` only says how many there are."""
    submitted = Application.objects.filter(call=call, submitted_at__isnull=False)
    return _listed(call, with_completeness(submitted, call), filters)


def call_applications_page(call: Call, filters: ListFilters, number):
    """A page of ``call_applications``. Its completeness is asked for the page's rows only
    (grants.completeness.completeness_of), unless the list is filtered on it."""
    if filters.complete is not None:
        return page_of(call_applications(call, filters), number)
    submitted = Application.objects.filter(call=call, submitted_at__isnull=False)
    page = page_of(_listed(call, submitted, filters), number)
    complete = completeness_of(call, (a.pk for a in page))
    for application in page:
        application.is_complete = complete[application.pk]
    return page


def _listed(call: Call, queryset, filters: ListFilters):
    queryset = queryset.annotate(
        requested=requested_expression(),
    ).select_related("applicant__lead_municipality__province", "assignment__reviewer", "extension")
    late = When(submitted_at__gt=call.deadline, then=Value(True))
    queryset = queryset.annotate(is_late=Case(late, default=Value(False), output_field=BooleanField()))
    return _filtered(queryset, filters).order_by(*SORTS.get(filters.sort, SORTS["dossier"]))


def draft_count(call: Call) -> int:
    """How many applications to the call are being written and were never submitted."""
    return Application.objects.filter(call=call, status=ApplicationStatus.CONCEPT).count()


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
