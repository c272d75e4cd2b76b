"""Writes for decision letters: each letter is made once and stored for good; a batch
bundles a call's letters into one ZIP and reports its progress as it goes."""

import hashlib
import io
import zipfile
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import DECIDED_STATUSES, Application, Call
from grants.roles import is_department
from workflow.letters.content import letter_context
from workflow.letters.render import render_letter
from workflow.models import DecisionLetter, LetterBatch, LetterBatchStatus
from workflow.signals import letter_ready

# A batch of 300 letters takes seconds; one still "running" after this lost its worker and
# must not block the next one.
STALE_AFTER = timedelta(minutes=30)


def get_or_create_letter(application_id) -> DecisionLetter:
    """The application's letter; made now if it does not exist yet, the stored one otherwise.

    The facts are read outside the transaction; the letter is rendered under the call's lock,
    once its number is taken, and a second worker on the same letter waits and takes the first
    one's letter instead of its own.
    """
    if existing := DecisionLetter.objects.filter(application_id=application_id).first():
        return existing
    if not Application.objects.filter(pk=application_id, status__in=DECIDED_STATUSES).exists():
        raise ValidationError(_("Voor deze aanvraag is nog geen beslissing goedgekeurd."))
    context = letter_context(application_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if existing := DecisionLetter.objects.filter(application=application).first():
            return existing
        call = Call.objects.select_for_update().get(pk=application.call_id)  # serialises numbering
        last = DecisionLetter.objects.filter(call_id=application.call_id).aggregate(n=Max("sequence"))["n"]
        letter = DecisionLetter(application=application, call=call, sequence=(last or 0) + 1)
        # The letter prints its own number, so it is rendered once the number is taken.
        pdf = render_letter({**context, "letter_number": letter.number, "letter_date": timezone.localdate()})
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        letter.file.save("brief.pdf", ContentFile(pdf), save=False)
        letter.save()
        transaction.on_commit(partial(letter_ready.send, sender=DecisionLetter,
                                      application_id=application.pk, letter_id=letter.pk))
    return letter


def decided_applications(call):
    return Application.objects.filter(call=call, status__in=DECIDED_STATUSES).order_by("dossier_number", "pk")


def start_batch(user, call) -> LetterBatch:
    """Record a batch for the call; the caller enqueues the task after the commit."""
    if not is_department(user):
        raise PermissionDenied(_("Alleen het departement maakt brieven in reeks."))
    total = decided_applications(call).count()
    if not total:
        raise ValidationError(_("Deze oproep heeft nog geen beslist dossier: er is geen brief te maken."))
    running = LetterBatch.objects.filter(call=call, requested_at__gte=timezone.now() - STALE_AFTER,
                                         status__in=(LetterBatchStatus.WAITING, LetterBatchStatus.RUNNING))
    if running.exists():
        raise ValidationError(_("Er loopt al een reeks voor deze oproep. Wacht tot die klaar is."))
    return LetterBatch.objects.create(call=call, requested_by=user, total=total)


def run_batch(batch_id) -> LetterBatch:
    """Make every letter of the call (stored ones are reused) and bundle them as one ZIP.

    Safe to run twice: a finished batch is left as it is."""
    batch = LetterBatch.objects.select_related("call").get(pk=batch_id)
    if batch.status == LetterBatchStatus.DONE:
        return batch
    ids = list(decided_applications(batch.call).values_list("pk", flat=True))
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatchStatus.RUNNING, total=len(ids), done=0)
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
            for done, application_id in enumerate(ids, start=1):
                letter = get_or_create_letter(application_id)
                with letter.file.open("rb") as pdf:
                    archive.writestr(letter.download_name, pdf.read())
                LetterBatch.objects.filter(pk=batch.pk).update(done=done)
    except Exception as error:
        LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatchStatus.FAILED, error=str(error))
        raise
    batch.refresh_from_db()
    batch.file.save(f"{batch.call.code}.zip", ContentFile(buffer.getvalue()), save=False)
    batch.status, batch.finished_at = LetterBatchStatus.DONE, timezone.now()
    batch.save(update_fields=["file", "status", "finished_at"])
    return batch
