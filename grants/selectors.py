"""Reads that every page and API endpoint share, so visibility is decided in one place.

An applicant sees only its own organisations' applications; for anything else it gets a
404, exactly as if the application did not exist.
"""

from django.http import Http404

from grants.models import Applicant, Application
from grants.roles import is_department


def applicants_of(user):
    if not user.is_authenticated:
        return Applicant.objects.none()
    if is_department(user):
        return Applicant.objects.all()
    return Applicant.objects.filter(organisationmembership__user=user)


def applications_visible_to(user):
    if not user.is_authenticated:
        return Application.objects.none()
    if is_department(user):
        return Application.objects.all()
    return Application.objects.filter(applicant__organisationmembership__user=user)


def get_application_for(user, pk, queryset=None) -> Application:
    """The application if the user may see it; Http404 otherwise, never a 403."""
    queryset = queryset if queryset is not None else applications_visible_to(user)
    try:
        return queryset.select_related("call", "applicant").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_act_for(user, applicant: Applicant) -> bool:
    """Whether the user belongs to the applicant organisation (department staff do not).

    Asked once per user object, like its roles (grants.roles): a page checks it, then the
    service it calls checks it again under the lock, in the same request."""
    if not user.is_authenticated:
        return False
    answers = getattr(user, "_acts_for", None)
    if answers is None:
        answers = user._acts_for = {}
    if applicant.pk not in answers:
        answers[applicant.pk] = applicant.organisationmembership_set.filter(user=user).exists()
    return answers[applicant.pk]
