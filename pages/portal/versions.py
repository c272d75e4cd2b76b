"""A submitted version as a PDF, for whoever may see the application: its applicant and
the department; anyone else gets a 404, as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from grants.selectors import get_application_for
from workflow.versions.pdf import version_download


@login_required
def version_pdf(request, pk, number):
    application = get_application_for(request.user, pk)
    version = application.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version_download(version)
