"""The facts a letter states, read from the decided application in a fixed number of queries."""

from decimal import Decimal
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

from grants.models import Application, PolicyPriority
from grants.money import requested_per_year
from workflow.models import DecisionProposal


def approved_proposal(application) -> DecisionProposal:
    return (
        DecisionProposal.objects.select_related("approved_by")
        .filter(application=application, approved_at__isnull=False)
        .latest("approved_at", "pk")
    )


def letter_context(application_id) -> dict:
    """Everything templates/letters/*.xml may use; plain values, so a letter can also be
    rendered without a database (bench/letters.py)."""
    application = Application.objects.select_related("call", "applicant__lead_municipality").get(
        pk=application_id
    )
    proposal = approved_proposal(application)
    requested = requested_per_year(application)
    granted = {int(year): Decimal(amount) for year, amount in proposal.amounts.items()}
    members = application.memberships.filter(active=True).select_related("municipality")
    priorities = PolicyPriority.objects.filter(action__application=application).distinct()
    return build_context(
        outcome=proposal.outcome,
        dossier_number=application.dossier_number,
        call_title=application.call.title,
        legal_basis=application.call.legal_basis,
        applicant_name=application.applicant.name,
        lead_municipality=application.applicant.lead_municipality.name,
        address=application.applicant.address,
        director_name=application.director_name,
        iban=application.iban_display,
        member_municipalities=sorted(m.municipality.name for m in members),
        priorities=[{"code": p.code, "title": p.title} for p in priorities],
        submitted_on=_local_date(application.submitted_at),
        decided_on=_local_date(proposal.approved_at),
        signer_name=proposal.approved_by.get_full_name() or proposal.approved_by.get_username(),
        motivation=proposal.motivation,
        requested=requested,
        granted=granted,
    )


def build_context(*, requested: dict, granted: dict, motivation: str, **facts) -> dict:
    years = sorted(set(requested) | set(granted))
    amounts = [
        {"year": y, "requested": requested.get(y, Decimal("0")), "granted": granted.get(y, Decimal("0"))}
        for y in years
    ]
    return {
        **facts,
        "amounts": amounts,
        "first_year": years[0],
        "last_year": years[-1],
        "total_requested": sum(row["requested"] for row in amounts),
        "total_granted": sum(row["granted"] for row in amounts),
        "motivation_paragraphs": [p.strip() for p in motivation.split("\n\n") if p.strip()],
        "reply_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }


def _local_date(moment):
    """The calendar day in Brussels: a decision at 00:30 Brussels time is dated that day."""
    return timezone.localtime(moment).date() if moment else None
