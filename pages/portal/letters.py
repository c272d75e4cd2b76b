"""The decision letter's download, for the applicant (and the department, who links to it)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from workflow.letters import selectors


@login_required
def download_letter(request, pk):
    """Only for whoever may see the application: anyone else gets a 404, as if it did not exist."""
    letter = selectors.letter_for(request.user, pk)
    return FileResponse(letter.file.open("rb"), as_attachment=True, filename=letter.download_name,
                        content_type="application/pdf")
