"""Pages for decision letters: the applicant's download, and the department's batches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from grants.models import Call
from grants.roles import is_department
from workflow.letters import selectors, services
from workflow.letters.tasks import make_letter_batch


@login_required
def download_letter(request, pk):
    """Only for whoever may see the application: anyone else gets a 404, as if it did not exist."""
    letter = selectors.letter_for(request.user, pk)
    return FileResponse(letter.file.open("rb"), as_attachment=True, filename=letter.download_name,
                        content_type="application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
def batches(request, call_code):
    if not is_department(request.user):
        raise Http404
    call = get_object_or_404(Call, code=call_code)
    if request.method == "POST":
        try:
            batch = services.start_batch(request.user, call)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("letter-batches", call_code=call.code)
        transaction.on_commit(lambda: make_letter_batch.delay(batch.pk))
        return redirect("letter-batch", pk=batch.pk)
    return render(request, "letters/batches.html", {
        "call": call, "section": "letters", "batches": selectors.batches_of(call),
        "decided": services.decided_applications(call).count(),
    })


@login_required
def batch_progress(request, pk):
    """The progress page; htmx asks for just the progress block while the batch runs."""
    batch = selectors.batch_for(request.user, pk)
    template = "letters/_progress.html" if request.htmx else "letters/batch.html"
    return render(request, template, {"batch": batch, "call": batch.call, "section": "letters"})


@login_required
def download_batch(request, pk):
    batch = selectors.batch_for(request.user, pk)
    if not batch.file:
        raise Http404
    return FileResponse(batch.file.open("rb"), as_attachment=True, content_type="application/zip",
                        filename=f"beslissingsbrieven-{batch.call.code}.zip")
