"""The collective decision: a beslisser approves every ready proposal of a call in one act.

The act is recorded once (an append-only row); each approval in it is the ordinary
``approve_decision`` step fired through ``workflow.services.fire``, so every dossier is still
checked on its own (visibility, four eyes, conflict of interest, state), audited, and its
e-mail and letter follow once, after the one commit of the whole act."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from grants.models import ApplicationStatus, Call
from grants.roles import Role, has_role
from workflow.actors import current_proposal
from workflow.decisions import amounts_of, envelope_refusal
from workflow.effects import record_act
from workflow.forms import ActForm
from workflow.machine import STEPS_BY_NAME
from workflow.models import ConflictDeclaration, DecisionAct, DecisionProposal, Dossier, Outcome
from workflow.services import fire

APPROVE = STEPS_BY_NAME["approve_decision"]


class CollectiveActForm(ActForm):
    """The act of a whole call: its number, date and signer are asked, not defaulted."""

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.offer_call_defaults(call)
        for name in ("act_kind", "act_number", "act_date", "signer_name"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        self.overrides(cleaned, "")  # the envelope itself is counted under the call's lock
        if not self.errors:
            cleaned["details"] = self.act_details(cleaned, self.call)
        return cleaned


@dataclass
class Readiness:
    ready: list[DecisionProposal]
    blocked: list[tuple[DecisionProposal, str]]  # with the reason this beslisser may not approve it

    @property
    def total(self) -> dict[int, Decimal]:
        """What the ready proposals grant per year (a refusal grants nothing)."""
        totals: dict[int, Decimal] = {}
        for proposal in self.ready:
            for year, amount in amounts_of(proposal).items():
                totals[year] = totals.get(year, Decimal("0")) + amount
        return totals


def readiness(user, call: Call) -> Readiness:
    """The call's proposals waiting for a beslisser: the ones this user may approve now, and the
    others with the reason (their own proposal, a conflict, no declaration yet)."""
    waiting = (
        Dossier.objects.filter(call=call, status=ApplicationStatus.BESLISSING_VOORGESTELD)
        .select_related("applicant")
        .prefetch_related(
            Prefetch("conflict_declarations", queryset=ConflictDeclaration.objects.filter(reviewer=user)),
            "decision_proposals",
        )
        .order_by("dossier_number", "pk")
    )
    ready, blocked = [], []
    for dossier in waiting:
        proposal = current_proposal(dossier)
        proposal.application = dossier
        if reason := APPROVE.actor.refusal(dossier, user):
            blocked.append((proposal, reason))
        else:
            ready.append(proposal)
    return Readiness(ready, blocked)


def check_may_decide(user) -> None:
    """Only a beslisser records an act (asked before any word about the act's input)."""
    if not has_role(user, Role.BESLISSER):
        raise PermissionDenied(_("Alleen een beslisser keurt beslissingen goed."))


def approve_collectively(user, call: Call, data: dict) -> DecisionAct:
    """Record the act and approve every ready proposal of the call in it, all or nothing."""
    check_may_decide(user)
    form = CollectiveActForm(data, call=call)
    if not form.is_valid():
        raise ValidationError(form.errors)
    override = form.cleaned_data["override_envelope"]
    with transaction.atomic():
        _lock_waiting(call)
        found = readiness(user, call)
        if not found.ready:
            raise ValidationError(_("Er is geen beslissingsvoorstel dat u nu kunt goedkeuren."))
        refusal = envelope_refusal(call, found.total)
        if refusal and not override:
            raise ValidationError({"override_envelope": refusal})
        act = record_act(call, user, form.cleaned_data["details"], collective=True)
        for proposal in found.ready:
            fire(
                user,
                proposal.application_id,
                "approve_decision",
                {
                    "act": act.pk,
                    "override_envelope": override,
                    "override_motivation": form.cleaned_data["override_motivation"],
                },
            )
    return act


def _lock_waiting(call: Call) -> None:
    """Lock the call's waiting dossiers before any approval locks the call: the order a single
    approval takes them in too, so an act and an approval in parallel wait, never deadlock."""
    waiting = Dossier.objects.filter(call=call, status=ApplicationStatus.BESLISSING_VOORGESTELD)
    list(waiting.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))


def annex(act: DecisionAct) -> dict:
    """The act's annex as the PDF and the spreadsheet show it."""
    years, rows, totals = annex_rows(act)
    return {
        "act": {
            "kind": act.get_kind_display(),
            "number": act.number,
            "date": act.date,
            "signer_name": act.signer_name,
            "signer_function": act.signer_function,
        },
        "call_title": act.call.title,
        "years": years,
        "rows": rows,
        "totals": list(totals.values()),
        "grand_total": sum(totals.values(), Decimal("0")),
        # mm per column: dossier, beneficiary, each year, the total (the page is 165 mm wide)
        "widths": ",".join(["22", "44", *["24"] * len(years), "26"]),
    }


def annex_rows(act: DecisionAct) -> tuple[list[int], list[dict], dict[int, Decimal]]:
    """The act's annex: every beneficiary with its amount per year, and the totals per year."""
    years = act.call.years
    proposals = (
        DecisionProposal.objects.filter(act=act)
        .exclude(outcome=Outcome.WEIGERING)
        .select_related("application__applicant__lead_municipality")
        .order_by("application__dossier_number", "pk")
    )
    rows = []
    for proposal in proposals:
        amounts = amounts_of(proposal)
        rows.append(
            {
                "dossier_number": proposal.application.dossier_number,
                "beneficiary": proposal.application.applicant.name,
                "lead_municipality": proposal.application.applicant.lead_municipality.name,
                "amounts": [amounts.get(year, Decimal("0")) for year in years],
                "total": sum(amounts.values(), Decimal("0")),
            }
        )
    totals = {year: sum((row["amounts"][i] for row in rows), Decimal("0")) for i, year in enumerate(years)}
    return years, rows, totals


def annex_sheet(annex: dict) -> list[list]:
    """The annex as spreadsheet rows (the page's and the API's XLSX): every beneficiary with its
    amount per year, and the totals."""
    years = annex["years"]
    rows = [[_("Dossiernummer"), _("Begunstigde"), _("Penvoerder"),
             *[_("%(year)s (€)") % {"year": year} for year in years], _("Totaal (€)")]]
    rows += [[row["dossier_number"], row["beneficiary"], row["lead_municipality"], *row["amounts"],
              row["total"]]
             for row in annex["rows"]]
    rows.append([_("Totaal"), "", "", *annex["totals"], annex["grand_total"]])
    return rows
