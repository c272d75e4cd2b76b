"""Later decisions and the letters as a series.

A later decision (an amending decision after a change, the decision after reconsideration,
a correcting decision, a new decision after an annulment) is taken in its act, states the
amounts in force after it, and is notified by its own letter: facts here, wording in
templates/aftercare/letters/latere_beslissing.xml, layout and PDF from workflow/letters,
numbered per call, its SHA-256 kept, written once (``LaterDecision``).

A dossier's letters are a series (``letter_series``): the decision letter, every later
decision's letter and every recovery letter, oldest first, each with its place in the series,
the act it notifies, and the last one marked current."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.models import LaterDecision, RecoveryLetter
from aftercare.money import granted_per_year
from grants.models import Call
from workflow.effects import record_act
from workflow.letters.pdf import render_pdf
from workflow.letters.render import document_xml
from workflow.models import DecisionLetter

TEMPLATE = "aftercare/letters/latere_beslissing.xml"


def take_later_decision(
    obj, lifecycle: str, user, kind: str, amounts: dict, motivation: str, act_details: dict
) -> LaterDecision:
    """Record the act, the decision and its letter, inside the step's transaction: the call's
    row lock serialises the numbering."""
    application = obj.application
    before = granted_per_year(application)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    act = record_act(call, user, act_details, collective=False)
    last = LaterDecision.objects.filter(call=call).aggregate(n=Max("sequence"))["n"]
    decision = LaterDecision(
        application=application,
        call=call,
        kind=kind,
        amounts=amounts,
        motivation=motivation,
        act=act,
        lifecycle=lifecycle,
        object_id=obj.pk,
        decided_by=user,
        sequence=(last or 0) + 1,
    )
    pdf = render_pdf(document_xml(TEMPLATE, letter_context(decision, before, obj)))
    decision.sha256 = hashlib.sha256(pdf).hexdigest()
    decision.file.save("brief.pdf", ContentFile(pdf), save=False)
    decision.save()
    return decision


def letter_context(decision: LaterDecision, before: dict, obj) -> dict:
    application = decision.application
    after = {int(year): Decimal(amount) for year, amount in decision.amounts.items()}
    years = sorted(set(before) | set(after))
    act = decision.act
    return {
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "number": decision.number,
        "dossier_number": application.dossier_number,
        "call_title": application.call.title,
        "applicant_name": application.applicant.name,
        "lead_municipality": application.applicant.lead_municipality.name,
        "address": application.applicant.address,
        "director_name": application.director_name,
        "subject": str(obj),
        "rows": [
            {"year": y, "before": before.get(y, Decimal("0")), "after": after.get(y, Decimal("0"))}
            for y in years
        ],
        "total_before": sum(before.values(), Decimal("0")),
        "total_after": sum(after.values(), Decimal("0")),
        "motivation_paragraphs": [p.strip() for p in decision.motivation.split("\n\n") if p.strip()],
        "act": {
            "kind": act.get_kind_display(),
            "number": act.number,
            "date": act.date,
            "signer_name": act.signer_name,
            "signer_function": act.signer_function,
        },
        "decided_on": timezone.localdate(),
        "reply_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }


@dataclass
class SeriesLetter:
    kind: str
    number: str
    act: str  # the act it notifies, as a reader names it ("" for a recovery: no act)
    sha256: str
    created_at: datetime
    file: object
    download_name: str
    decides: bool  # a decision on the grant (a recovery letter is not)
    position: int = 0
    current: bool = False


def letter_series(application) -> list[SeriesLetter]:
    """Every letter of the dossier, oldest first, numbered in the series, the last one current.
    A fixed number of queries, whatever the number of letters."""
    letters = []
    first = (
        DecisionLetter.objects.filter(application=application).select_related("call", "application").first()
    )
    if first is not None:
        proposal = (
            application.decision_proposals.filter(approved_at__isnull=False)
            .select_related("act")
            .order_by("-approved_at", "-pk")
            .first()
        )
        act = proposal.act if proposal is not None else None
        letters.append(
            SeriesLetter(
                _("beslissing"),
                first.number,
                str(act or ""),
                first.sha256,
                first.created_at,
                first.file,
                first.download_name,
                True,
            )
        )
    for later in LaterDecision.objects.filter(application=application).select_related(
        "act", "call", "application"
    ):
        letters.append(
            SeriesLetter(
                later.get_kind_display(),
                later.number,
                str(later.act),
                later.sha256,
                later.decided_at,
                later.file,
                later.download_name,
                True,
            )
        )
    recoveries = RecoveryLetter.objects.filter(recovery__application=application).select_related(
        "call", "recovery__application"
    )
    for letter in recoveries:
        letters.append(
            SeriesLetter(
                _("terugvordering"),
                f"{letter.call.dossier_prefix}/TV/{letter.sequence:04d}",
                "",
                letter.sha256,
                letter.created_at,
                letter.file,
                letter.download_name,
                False,
            )
        )
    letters.sort(key=lambda letter: letter.created_at)
    for position, letter in enumerate(letters, start=1):
        letter.position = position
    if letters:
        letters[-1].current = True
    return letters


def series_letter(application, position: int) -> SeriesLetter:
    """One letter of the series by its place in it (Http404 when there is none)."""
    from django.http import Http404

    letters = letter_series(application)
    if not 1 <= position <= len(letters):
        raise Http404
    return letters[position - 1]


def reconsideration_deadline(application) -> date | None:
    """The last day to request reconsideration: the call's term from the last decision's letter."""
    from datetime import timedelta

    dates = [letter.created_at for letter in letter_series(application) if letter.decides]
    if not dates:
        return None
    return timezone.localtime(max(dates)).date() + timedelta(days=application.call.reconsideration_days)
