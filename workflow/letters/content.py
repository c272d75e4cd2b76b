"""The facts a letter states, read from the decided application in a fixed number of queries.

What the letter cites (legal bases, purpose, conditions, payment schedule, who decides) is
call data; what was not confirmed by the department carries ``confirmed: False``, which the
wording prints as "te bevestigen"."""

from decimal import Decimal
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

from grants.models import Action, Application, LegalForm, PolicyPriority
from grants.money import requested_per_year, tranche_amounts
from workflow.models import AuditEvent, DecisionProposal

CENT = Decimal("0.01")
# To whom a decision is addressed: the board of a vereniging with legal personality, otherwise
# the college of the penvoerder (an interlokale vereniging acts through it). domain.md 7, [A].
BOARD_FORMS = {
    LegalForm.PROJECTVERENIGING,
    LegalForm.DIENSTVERLENENDE_VERENIGING,
    LegalForm.OPDRACHTHOUDENDE_VERENIGING,
    LegalForm.WELZIJNSVERENIGING,
}


def approved_proposal(application) -> DecisionProposal:
    return (
        DecisionProposal.objects.select_related("approved_by", "act")
        .filter(application=application, approved_at__isnull=False)
        .latest("approved_at", "pk")
    )


def letter_context(application_id) -> dict:
    """Everything templates/letters/*.xml may use; plain values, so a letter can also be
    rendered without a database (bench/letters.py)."""
    application = Application.objects.select_related("call", "applicant__lead_municipality").get(
        pk=application_id
    )
    call = application.call
    proposal = approved_proposal(application)
    act = proposal.act
    members = application.memberships.filter(active=True).select_related("municipality")
    priorities = PolicyPriority.objects.filter(action__application=application).distinct()
    return build_context(
        kind="onontvankelijk" if proposal.inadmissible else proposal.outcome,
        dossier_number=application.dossier_number,
        call_title=call.title,
        purpose=call.purpose,
        addressee=addressee(application.applicant),
        applicant_name=application.applicant.name,
        lead_municipality=application.applicant.lead_municipality.name,
        address=application.applicant.address,
        director_name=application.director_name,
        iban=application.iban_display,
        member_municipalities=sorted(m.municipality.name for m in members),
        priorities=[{"code": p.code, "title": p.title} for p in priorities],
        submitted_on=_local_date(application.submitted_at),
        decided_on=_local_date(proposal.approved_at),
        act=_act(act, proposal),
        legal_bases=[
            {"title": b.title, "articles": b.articles, "confirmed": b.is_confirmed}
            for b in call.legal_bases.all()
        ],
        conditions=[{"text": c.text, "confirmed": c.is_confirmed} for c in call.grant_conditions.all()],
        terms=[
            {
                "kind": t.get_kind_display(),
                "percentage": t.percentage,
                "trigger": t.get_trigger_display(),
                "year_offset": t.expected_year_offset,
                "month": t.expected_month,
                "confirmed": t.is_confirmed,
            }
            for t in call.payment_terms.all()
        ],
        budget_article=call.budget_article,
        unmet_condition=_unmet_condition(application) if proposal.inadmissible else "",
        plan=_plan(application),
        motivation=proposal.motivation,
        requested=requested_per_year(application),
        granted={int(year): Decimal(amount) for year, amount in proposal.amounts.items()},
    )


def addressee(applicant) -> str:
    """Whose decision it is to receive: "raad" (the vereniging's board) or "college" (the penvoerder's)."""
    return "raad" if applicant.legal_form in BOARD_FORMS else "college"


def _act(act, proposal) -> dict:
    """The act the decision was taken in; a decision approved before acts existed names its beslisser."""
    if act is None:
        signer = proposal.approved_by.get_full_name() or proposal.approved_by.get_username()
        return {
            "kind": "beslissing",
            "number": "",
            "date": _local_date(proposal.approved_at),
            "signer_name": signer,
            "signer_function": "",
            "delegation_basis": "",
            "collective": False,
        }
    return {
        "kind": act.get_kind_display(),
        "number": act.number,
        "date": act.date,
        "signer_name": act.signer_name,
        "signer_function": act.signer_function,
        "delegation_basis": act.delegation_basis,
        "collective": act.collective,
    }


def _unmet_condition(application) -> str:
    """The condition the reviewer named when declaring the application inadmissible."""
    event = (
        AuditEvent.objects.filter(application=application, transition="declare_inadmissible")
        .order_by("-at", "-pk")
        .first()
    )
    return event.message if event else ""


def _plan(application) -> list[dict]:
    """The approved plan in short, for the annex: per priority its actions and their years."""
    actions = (
        Action.objects.filter(application=application)
        .select_related("priority")
        .prefetch_related("years")
        .order_by("priority__order", "pk")
    )
    plan: dict[str, dict] = {}
    for action in actions:
        entry = plan.setdefault(
            action.priority.code,
            {"code": action.priority.code, "title": action.priority.title, "actions": []},
        )
        entry["actions"].append({"title": action.title, "years": sorted(y.year for y in action.years.all())})
    return list(plan.values())


def payment_schedule(terms: list[dict], granted: dict[int, Decimal]) -> list[dict]:
    """Per granted year, each tranche: its share of the year's amount (the last one takes what
    rounding left, so a year's tranches add up to the cent), its condition and expected date."""
    rows = []
    for year, amount in sorted(granted.items()):
        if not amount or not terms:
            continue
        shares = tranche_amounts(amount, [term["percentage"] for term in terms])
        for term, share in zip(terms, shares, strict=True):
            rows.append(
                {
                    **term,
                    "year": year,
                    "amount": share,
                    "expected": f"{term['month']:02d}/{year + term['year_offset']}",
                }
            )
    return rows


def build_context(
    *, requested: dict, granted: dict, motivation: str, terms: list | None = None, **facts
) -> dict:
    years = sorted(set(requested) | set(granted))
    amounts = [
        {"year": y, "requested": requested.get(y, Decimal("0")), "granted": granted.get(y, Decimal("0"))}
        for y in years
    ]
    schedule = payment_schedule(terms or [], granted)
    return {
        **facts,
        "amounts": amounts,
        "first_year": years[0],
        "last_year": years[-1],
        "total_requested": sum(row["requested"] for row in amounts),
        "total_granted": sum(row["granted"] for row in amounts),
        "terms": terms or [],
        "schedule": schedule,
        "schedule_confirmed": all(row["confirmed"] for row in schedule),
        "motivation_paragraphs": [p.strip() for p in motivation.split("\n\n") if p.strip()],
        "reply_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }


def _local_date(moment):
    """The calendar day in Brussels: a decision at 00:30 Brussels time is dated that day."""
    return timezone.localtime(moment).date() if moment else None
