"""The department's batches of decision letters: start one for a call, follow its progress,
download the ZIP. The letters themselves are made in workflow.letters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from grants.models import Call
from pages.department.access import department_only
from workflow.letters import selectors, services
from workflow.letters.tasks import make_letter_batch


@department_only
@require_http_methods(["GET", "POST"])
def batches(request, call_code):
    call = get_object_or_404(Call, code=call_code)
    if request.method == "POST":
        try:
            batch = services.start_batch(request.user, call)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("letter-batches", call_code=call.code)
        transaction.on_commit(lambda: make_letter_batch.delay(batch.pk))
        return redirect("letter-batch", pk=batch.pk)
    return render(request, "department/letters/batches.html", {
        "call": call, "section": "letters", "batches": selectors.batches_of(call),
        "decided": services.decided_applications(call).count(),
    })


@department_only
def batch_progress(request, pk):
    """The progress page; htmx asks for just the progress block while the batch runs."""
    batch = selectors.batch_for(request.user, pk)
    template = "department/letters/_progress.html" if request.htmx else "department/letters/batch.html"
    return render(request, template, {"batch": batch, "call": batch.call, "section": "letters"})


@department_only
def download_batch(request, pk):
    batch = selectors.batch_for(request.user, pk)
    if not batch.file:
        raise Http404
    return FileResponse(batch.file.open("rb"), as_attachment=True, content_type="application/zip",
                        filename=f"beslissingsbrieven-{batch.call.code}.zip")
