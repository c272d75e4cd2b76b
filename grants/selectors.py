"""Reads that every page and API endpoint share, so visibility is decided in one place.

An applicant sees only its own organisations' applications; a municipality's user those the
municipality leads or takes part in (read-only, but for its own council decision). For anything
else they get a 404, exactly as if the application did not exist.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from grants.models import (
    Applicant,
    Application,
    ApplicationMunicipality,
    Call,
    Municipality,
    MunicipalityMembership,
    OrganisationMembership,
)
from grants.roles import is_department
from grants.sql import rows_of


def applicants_of(user):
    if not user.is_authenticated:
        return Applicant.objects.none()
    if is_department(user):
        return Applicant.objects.all()
    return _applicants_acted_for(user.pk)


def _applicants_acted_for(user_id):
    return Applicant.objects.filter(organisationmembership__user_id=user_id)


def _municipalities_acted_for(user_id):
    return Municipality.objects.filter(memberships__user_id=user_id)


def _calls_by_deadline():
    return Call.objects.order_by("deadline")


def portal_home_reads(user) -> tuple[list[Applicant], list[Municipality], list[Call]]:
    """For a user of the portal (not the department's), as its home page lists them on every
    visit: the organisations and the municipalities they act for, and the calls open now; in SQL
    compiled once per process (compiling cost the page more than running). The calls are few:
    all are read, and the open ones kept by their own rule (``Call.accepts_submissions``)."""
    return (rows_of(_applicants_acted_for, user.pk), rows_of(_municipalities_acted_for, user.pk),
            [call for call in rows_of(_calls_by_deadline) if call.accepts_submissions()])


def applications_visible_to(user):
    if not user.is_authenticated:
        return Application.objects.none()
    if is_department(user):
        return Application.objects.all()
    return Application.objects.filter(visible_condition(user))


def visible_condition(user, application: str = "") -> Q:
    """The condition "this user acts for the applicant, or for its penvoerder or one of its active
    member municipalities", as subqueries (no join, so no duplicate rows) on the application
    found at the path ``application`` ("" for an Application, "application__" for a related row)."""
    pk = OuterRef(f"{application}pk" if application else "pk")
    own = OrganisationMembership.objects.filter(user_id=user.pk,
                                                applicant_id=OuterRef(f"{application}applicant_id"))
    municipalities = MunicipalityMembership.objects.filter(user_id=user.pk).values("municipality_id")
    member = ApplicationMunicipality.objects.filter(application_id=pk, active=True,
                                                    municipality_id__in=municipalities)
    lead = MunicipalityMembership.objects.filter(
        user_id=user.pk, municipality_id=OuterRef(f"{application}applicant__lead_municipality_id"))
    return Q(Exists(own)) | Q(Exists(member)) | Q(Exists(lead))


def municipalities_of(user):
    """The municipalities this user acts for (none for the department's staff)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    return _municipalities_acted_for(user.pk)


def get_application_for(user, pk, queryset=None) -> Application:
    """The application if the user may see it; Http404 otherwise, never a 403."""
    queryset = queryset if queryset is not None else applications_visible_to(user)
    try:
        return queryset.select_related("call", "applicant").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_application_for_portal(user, pk, **annotations) -> Application:
    """As ``get_application_for``, for the applicant's pages: in the same query its extension
    (uitstel), which they show beside the deadline, and as ``get_application_acting_for``."""
    return get_application_acting_for(user, pk, applications_visible_to(user).select_related("extension"),
                                      **annotations)


def get_application_acting_for(user, pk, queryset, **annotations) -> Application:
    """As ``get_application_for``, with in the same query whether the user acts for its applicant,
    so that ``can_act_for`` need not ask (the pages, the applicant's steps), and the page's own
    ``annotations``."""
    acts_for = OrganisationMembership.objects.filter(user_id=user.pk, applicant_id=OuterRef("applicant_id"))
    queryset = queryset.annotate(user_acts_for=Exists(acts_for), **annotations)
    application = get_application_for(user, pk, queryset)
    _acts_for_answers(user)[application.applicant_id] = application.user_acts_for
    return application


def _acts_for_answers(user) -> dict:
    answers = getattr(user, "_acts_for", None)
    if answers is None:
        answers = user._acts_for = {}
    return answers


def can_act_for(user, applicant: Applicant) -> bool:
    """Whether the user belongs to the applicant organisation (department staff do not).

    Asked once per user object, like its roles (grants.roles): a page checks it, then the
    service it calls checks it again under the lock, in the same request."""
    if not user.is_authenticated:
        return False
    answers = _acts_for_answers(user)
    if applicant.pk not in answers:
        answers[applicant.pk] = applicant.organisationmembership_set.filter(user=user).exists()
    return answers[applicant.pk]


def can_act_for_municipality(user, municipality_id) -> bool:
    """Whether the user acts for this municipality (its own council decision, its e-mails)."""
    return user.is_authenticated and MunicipalityMembership.objects.filter(
        user=user, municipality_id=municipality_id).exists()
