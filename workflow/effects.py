"""What a transition writes besides the new status, inside the same transaction.

Each effect takes (dossier, user, payload, event). E-mails and letters are not here: they
follow the ``transition_committed`` signal, which is sent only after the commit.
"""

from django.db.models import Count
from django.utils import timezone

from grants.models import Application, ApplicationStatus, Call
from workflow.actors import current_proposal, open_clarification
from workflow.exceptions import GuardFailed
from workflow.models.decisions import DecisionAct, DecisionProposal, Outcome
from workflow.models.review import ClarificationRequest
from workflow.models.submission import ApplicationVersion
from workflow.snapshots import build_snapshot, snapshot_hash


def assign_dossier_number(dossier, user, payload, event) -> None:
    """LR-2023-001, LR-2023-002, … in the order of first submission within the call.

    The lock on the call serialises the numbering until the commit, so the submit step takes
    it as its last effect. NO KEY UPDATE: rows that merely refer to the call (members being
    saved in other applications) need not wait for it."""
    if dossier.dossier_number:
        return
    call = Call.objects.select_for_update(no_key=True).get(pk=dossier.call_id)
    taken = Application.objects.filter(call=call, dossier_number__isnull=False).aggregate(n=Count("pk"))["n"]
    dossier.dossier_number = f"{call.dossier_prefix}-{taken + 1:03d}"
    dossier.submitted_at = timezone.now()
    dossier.save(update_fields=["dossier_number", "submitted_at"])


def take_snapshot(dossier, user, payload, event) -> None:
    data = build_snapshot(dossier)
    number = dossier.versions.count() + 1
    version = ApplicationVersion.objects.create(
        application=dossier, number=number, data=data, sha256=snapshot_hash(data), created_by=user
    )
    event_data_note(event, version=version.number, sha256=version.sha256)


def record_clarification(dossier, user, payload, event) -> None:
    request = ClarificationRequest.objects.create(
        application=dossier, question=payload["question"], deadline=payload["deadline"], asked_by=user
    )
    event_data_note(event, clarification=request.pk, deadline=request.deadline.isoformat())


def record_answer(dossier, user, payload, event) -> None:
    request = open_clarification(dossier)
    if request is not None:
        request.answer = payload["answer"]
        request.answered_by = user
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])


def record_proposal(dossier, user, payload, event) -> None:
    proposal = DecisionProposal.objects.create(
        application=dossier, outcome=payload["outcome"], amounts=payload["amounts"],
        motivation=payload["motivation"], proposed_by=user,
        inadmissible=event.from_status == ApplicationStatus.ONONTVANKELIJK,
        rule_version=payload.get("rule_version"), rule_amounts=payload.get("rule_amounts") or {},
        deviation_motivation=payload.get("deviation_motivation", "").strip(),
    )
    event_data_note(event, proposal=proposal.pk, outcome=proposal.outcome, amounts=proposal.amounts,
                    rule_version=proposal.rule_version, rule_amounts=proposal.rule_amounts)


def approve_proposal(dossier, user, payload, event) -> None:
    """Approve within the envelope, or beyond it only with the beslisser's recorded override;
    the approval refers to its act (the collective one, or one recorded for it now)."""
    from workflow.decisions import amounts_of, envelope_refusal  # it reads the models this table builds

    proposal = current_proposal(dossier)
    # The call's lock makes approvals of one call count the envelope one after the other.
    call = Call.objects.select_for_update(no_key=True).get(pk=dossier.call_id)
    override = (payload.get("override_motivation") or "").strip() if payload.get("override_envelope") else ""
    refusal = envelope_refusal(call, amounts_of(proposal)) if proposal.outcome != Outcome.WEIGERING else ""
    if refusal and not override:
        raise GuardFailed([refusal])
    act = DecisionAct.objects.get(pk=payload["act"]) if payload.get("act") else record_act(
        call, user, payload["act_details"], collective=False)
    proposal.approved_by = user
    proposal.approved_at = timezone.now()
    proposal.act = act
    proposal.envelope_override = override if refusal else ""
    proposal.save(update_fields=["approved_by", "approved_at", "act", "envelope_override"])
    event_data_note(event, proposal=proposal.pk, outcome=proposal.outcome, amounts=proposal.amounts,
                    act=act.pk, act_number=act.number)
    if proposal.envelope_override:
        event_data_note(event, envelope_override=proposal.envelope_override, envelope_refusal=refusal)
        event.comment = "\n\n".join(text for text in (event.comment, refusal, override) if text)


def record_act(call, user, details: dict, collective: bool) -> DecisionAct:
    """The act, recorded once; without a signer named, the approving beslisser signs."""
    return DecisionAct.objects.create(
        call=call, recorded_by=user, collective=collective,
        **{**details, "signer_name": details["signer_name"] or user.get_full_name() or user.get_username()},
    )


def return_proposal(dossier, user, payload, event) -> None:
    proposal = current_proposal(dossier)
    proposal.returned = True
    proposal.save(update_fields=["returned"])


def release_municipalities(dossier, user, payload, event) -> None:
    """A withdrawn application frees its municipalities for another application."""
    dossier.memberships.update(active=False)


def event_data_note(event, **values) -> None:
    """Add facts to the audit event being written (it is saved after all effects ran)."""
    event.data.update(values)
