"""The collective decision: a beslisser approves every ready proposal of a call in one act.

The act is recorded once (an append-only row); each approval in it is the ordinary
``approve_decision`` step fired through ``workflow.services.fire``, so every dossier is still
checked on its own (visibility, four eyes, conflict of interest, state), audited, and its
e-mail and letter follow once, after the one commit of the whole act."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import ActKind, ApplicationStatus, Call
from grants.roles import Role, has_role
from workflow.actors import current_proposal
from workflow.decisions import amounts_of, envelope_refusal
from workflow.effects import record_act
from workflow.forms import ACT_FIELDS, act_detail_errors
from workflow.machine import STEPS_BY_NAME
from workflow.models import ConflictDeclaration, DecisionAct, DecisionProposal, Dossier, Outcome
from workflow.services import fire

APPROVE = STEPS_BY_NAME["approve_decision"]


class CollectiveActForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort akte"), choices=ActKind.choices)
    number = forms.CharField(
        label=gettext_lazy("Nummer van de akte"),
        max_length=60,
        error_messages={"required": gettext_lazy("Geef het nummer van de akte.")},
    )
    date = forms.DateField(
        label=gettext_lazy("Datum van de akte (dd/mm/jjjj)"),
        error_messages={
            "required": gettext_lazy("Geef de datum van de akte."),
            "invalid": gettext_lazy("Geef een datum als dd/mm/jjjj."),
        },
    )
    signer_name = forms.CharField(
        label=gettext_lazy("Naam van de ondertekenaar"),
        max_length=120,
        error_messages={"required": gettext_lazy("Geef de naam van de ondertekenaar.")},
    )
    signer_function = forms.CharField(
        label=gettext_lazy("Functie van de ondertekenaar"), max_length=200, required=False
    )
    delegation_basis = forms.CharField(
        label=gettext_lazy("Grond van de delegatie"), max_length=300, required=False
    )
    override_envelope = forms.BooleanField(
        label=gettext_lazy("Ik keur uitdrukkelijk goed boven het jaarbudget van de oproep"), required=False
    )
    override_motivation = forms.CharField(
        label=gettext_lazy("Motivering van de overschrijding"),
        widget=forms.Textarea,
        required=False,
        help_text=gettext_lazy("Intern: nooit zichtbaar voor de aanvrager."),
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["kind"].initial = call.act_kind
        self.fields["signer_name"].initial = call.act_signer_name
        self.fields["signer_function"].initial = call.act_signer_function
        self.fields["delegation_basis"].initial = call.act_delegation_basis

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        details = {name: cleaned.get(name) or "" for name in ACT_FIELDS}
        for field, message in act_detail_errors(details).items():
            self.add_error({"act_number": "number", "act_kind": "kind"}.get(field, field), message)
        if cleaned.get("override_envelope") and not (cleaned.get("override_motivation") or "").strip():
            self.add_error("override_motivation", _("Motiveer waarom u boven het jaarbudget goedkeurt."))
        cleaned["details"] = details
        return cleaned


@dataclass
class Readiness:
    ready: list[DecisionProposal]
    blocked: list[tuple[DecisionProposal, str]]  # with the reason this beslisser may not approve it

    @property
    def total(self) -> dict[int, Decimal]:
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


def approve_collectively(user, call: Call, data: dict) -> DecisionAct:
    """Record the act and approve every ready proposal of the call in it, all or nothing."""
    if not has_role(user, Role.BESLISSER):
        raise PermissionDenied(_("Alleen een beslisser keurt beslissingen goed."))
    form = CollectiveActForm(data, call=call)
    if not form.is_valid():
        raise ValidationError(form.errors)
    override = form.cleaned_data["override_envelope"]
    with transaction.atomic():
        Call.objects.select_for_update(no_key=True).get(pk=call.pk)  # one act per call at a time
        found = readiness(user, call)
        if not found.ready:
            raise ValidationError(_("Er is geen beslissingsvoorstel dat u nu kunt goedkeuren."))
        money = [p for p in found.ready if p.outcome != Outcome.WEIGERING]
        refusal = envelope_refusal(call, Readiness(money, []).total)
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
