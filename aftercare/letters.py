"""The recovery letter: facts here, wording in templates/aftercare/letters/terugvordering.xml,
layout and rendering from workflow/letters (the same vocabulary and PDF), storage below:
numbered per call, its SHA-256 kept, written once."""

import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from aftercare.models import RecoveryLetter
from aftercare.money import paid_for_year, spent_from_subsidy
from grants.models import Call
from workflow.letters.pdf import render_pdf
from workflow.letters.render import document_xml

TEMPLATE = "aftercare/letters/terugvordering.xml"


def recovery_context(recovery, sequence: int) -> dict:
    application = recovery.application
    applicant = application.applicant
    decider = recovery.decided_by
    return {
        "sequence": sequence,
        "reference": f"{application.dossier_number}/TV-{sequence}",
        "dossier_number": application.dossier_number,
        "call_title": application.call.title,
        "applicant_name": applicant.name,
        "lead_municipality": applicant.lead_municipality.name,
        "address": applicant.address,
        "director_name": application.director_name,
        "year": recovery.year,
        "reason": recovery.get_reason_display(),
        "is_underspent": recovery.reason == "onderbesteding",
        "paid": paid_for_year(application, recovery.year),
        "spent": spent_from_subsidy(application, recovery.year),
        "amount": recovery.amount,
        "motivation_paragraphs": [p.strip() for p in recovery.motivation.split("\n\n") if p.strip()],
        "decided_on": timezone.localtime(recovery.decided_at).date(),
        "signer_name": decider.get_full_name() or decider.get_username(),
        "budget_article": application.call.budget_article,
        "reply_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }


def make_recovery_letter(recovery) -> RecoveryLetter:
    """Number, render and store the letter of a recovery just decided, inside the step's
    transaction: the call's row lock serialises the numbering."""
    Call.objects.select_for_update().filter(pk=recovery.application.call_id).first()
    last = RecoveryLetter.objects.filter(call_id=recovery.application.call_id).aggregate(n=Max("sequence"))[
        "n"
    ]
    sequence = (last or 0) + 1
    pdf = render_pdf(document_xml(TEMPLATE, recovery_context(recovery, sequence)))
    letter = RecoveryLetter(
        recovery=recovery,
        call_id=recovery.application.call_id,
        sequence=sequence,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    letter.file.save("terugvordering.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter
