"""A rehearsal copy of a call: the same rules, with a deadline in the near future, so that
municipalities (and the demo) can try the whole flow before or after the real call."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from grants.models import AssessmentCriterion, Call

# The call's rows that a rehearsal copies as they are (its rules for deciding and paying).
COPIED_ROWS = ("amount_rules", "legal_bases", "grant_conditions", "payment_terms", "report_due_dates")


@transaction.atomic
def copy_call_as_rehearsal(call: Call, days_left: int = 14, code: str | None = None) -> Call:
    # Dossier prefixes are unique: the default copy has the call's own with OEF-, any other its code.
    prefix = f"OEF-{call.dossier_prefix}" if code is None else code.upper()[:20]
    code = code or f"oefening-{call.code}"
    existing = Call.objects.filter(code=code).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    deadline = timezone.make_aware(datetime.combine(today + timedelta(days=days_left), time(23, 59, 59)))
    rehearsal = Call.objects.get(pk=call.pk)
    rehearsal.pk = None
    rehearsal.code = code
    rehearsal.title = f"{call.title} (oefenoproep)"
    rehearsal.dossier_prefix = prefix
    rehearsal.opens_at = timezone.now() - timedelta(days=1)
    rehearsal.deadline = deadline
    rehearsal.decision_expected = (deadline + timedelta(days=60)).date()
    rehearsal.is_rehearsal = True
    rehearsal.save()
    rehearsal.priorities.set(call.priorities.all())
    rehearsal.mandatory_attachment_types.set(call.mandatory_attachment_types.all())
    AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(call=rehearsal, code=c.code, title=c.title, description=c.description,
                            max_score=c.max_score, order=c.order)
        for c in call.criteria.all()
    )
    for related in COPIED_ROWS:
        if rows := list(getattr(call, related).all()):
            for row in rows:
                row.pk, row.call = None, rehearsal
            type(rows[0]).objects.bulk_create(rows)
    return rehearsal
