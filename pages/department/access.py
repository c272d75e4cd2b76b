"""Who may open the department's pages, and how they find a dossier."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from grants.roles import is_department
from grants.selectors import get_application_for
from workflow.models import Dossier

# Until the applicant submits, the application is their work in progress: the department
# learns that a draft exists (a count on the list) but opens no page of it (404).
DOSSIER_QUERYSET = Dossier.objects.filter(submitted_at__isnull=False)


def department_only(view):
    """Staff of the department only; anyone else learns nothing (404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_department(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def dossier_for(request, pk) -> Dossier:
    """The application as a Dossier, if the user may see it (404 otherwise)."""
    return get_application_for(request.user, pk, queryset=DOSSIER_QUERYSET)
