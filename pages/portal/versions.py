"""A submitted version as a PDF, for whoever may see the application: its applicant and
the department; anyone else gets a 404, as if it did not exist."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from grants.selectors import get_application_for
from workflow.versions.pdf import download_name, render_version


@login_required
def version_pdf(request, pk, number):
    application = get_application_for(request.user, pk)
    version = application.versions.filter(number=number).first()
    if version is None:
        raise Http404
    response = FileResponse(io.BytesIO(render_version(version)), as_attachment=True,
                            filename=download_name(version), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
