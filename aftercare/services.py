"""Writes on the aftercare. Every page and API endpoint goes through these functions.

``fire`` is the one door for a step of a lifecycle (aftercare/machine.py), as
workflow.services.fire is for the application: the object only if the user may see its
application (404), the user's right on this very object (403), the row lock and the state
(409), the input (400) and the guards (409), the change, the audit event and the effects in
one transaction; after the commit, ``step_committed`` (the e-mails follow from it).
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.actors import APPLICANT, REVIEWER
from aftercare.forms import AppealRegisterForm, AppealRequestForm, ChangeReportForm, RecoveryProposalForm
from aftercare.later import reconsideration_deadline
from aftercare.machine import APPEAL, CHANGE, RECOVERY, REPORT, TRANCHE, Lifecycle, Step, lifecycle_named
from aftercare.models import (
    OPEN_APPEAL_STATUSES,
    OPEN_RECOVERY_STATUSES,
    AftercareEvent,
    Appeal,
    AppealKind,
    PlanChange,
    Recovery,
    RecoveryReason,
    ReportAttachment,
    Tranche,
    YearlyReport,
)
from aftercare.money import granted_per_year, paid_for_year, underspent
from aftercare.report_form import ReportForm
from aftercare.signals import step_committed
from grants.formatting import format_eur
from grants.models import DECIDED_STATUSES, GRANTED_STATUSES, Application
from grants.money import tranche_amounts
from grants.selectors import applications_visible_to, get_application_for
from grants.uploads import check_pdf, sha256_of
from workflow.exceptions import GuardFailed, TransitionConflict


def visible(lifecycle: Lifecycle, user):
    """The lifecycle's objects whose application the user may see."""
    return lifecycle.model.objects.filter(application__in=applications_visible_to(user))


def get_for(lifecycle: Lifecycle, user, object_id, lock=False):
    queryset = visible(lifecycle, user).select_related("application__call", "application__applicant")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=object_id)
    except (lifecycle.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def fire(user, lifecycle_name: str, object_id, step_name: str, data: dict | None = None):
    """Take step ``step_name`` of the lifecycle on one object as ``user`` with the form input."""
    lifecycle = lifecycle_named(lifecycle_name)
    step = lifecycle.step(step_name)
    with transaction.atomic():
        obj = get_for(lifecycle, user, object_id, lock=True)
        check_may_take(lifecycle, step, obj, user)
        form = step.form(data or {}, subject=obj)
        if not form.is_valid():
            raise ValidationError(form.errors)
        if reasons := step.refusals(obj):
            raise GuardFailed(reasons)
        _run(lifecycle, step, obj, user, form)
    return obj


def check_may_take(lifecycle: Lifecycle, step: Step, obj, user) -> None:
    """Refuse as fire() does: not this user's step (403) or not from this state (409)."""
    if (refusal := step.actor.refusal(obj, user)) is not None:
        raise PermissionDenied(refusal)
    if obj.status not in step.sources:
        raise TransitionConflict(_(
            "Dit kan niet meer: %(subject)s heeft intussen de status '%(status)s' en '%(step)s' is in die "
            "status niet mogelijk. Laad de pagina opnieuw.") % {
            "subject": lifecycle.label, "status": obj.get_status_display(), "step": step.label})


def _run(lifecycle: Lifecycle, step: Step, obj, user, form) -> AftercareEvent:
    from_status = obj.status
    obj.status = step.target
    obj.save(update_fields=["status"])
    event = _event(lifecycle, obj, user, step.name, from_status, comment=form.internal_text(),
                   message=form.applicant_text(), visible=step.visible_to_applicant, save=False)
    for effect in step.effects:
        effect(obj, user, form.cleaned_data, event)
    event.save()
    transaction.on_commit(partial(
        step_committed.send, sender=lifecycle.model, lifecycle=lifecycle.name, object_id=obj.pk,
        application_id=obj.application_id, step=step.name, event_id=event.pk, actor_id=user.pk,
    ))
    return event


def _event(lifecycle, obj, user, step, from_status, comment="", message="", visible=True, save=True, **data):
    event = AftercareEvent(application_id=obj.application_id, lifecycle=lifecycle.name, object_id=obj.pk,
                           step=step, from_status=from_status, to_status=obj.status, actor=user,
                           comment=comment, message=message, visible_to_applicant=visible, data=data)
    if save:
        event.save()
    return event


def available_steps(lifecycle: Lifecycle, user, obj) -> list[Step]:
    """The steps this user can take on the object now, guards included (buttons, the API)."""
    return [
        step
        for step in lifecycle.steps
        if obj.status in step.sources and step.actor.refusal(obj, user) is None and not step.refusals(obj)
    ]


# --- the yearly report's contents -------------------------------------------------------------


def _granted_application(user, application_id) -> Application:
    application = get_application_for(user, application_id)
    if application.status not in GRANTED_STATUSES:
        raise TransitionConflict(_("Een jaarverslag hoort bij een toegekende aanvraag."))
    return application


def save_report(user, application_id, year, data: dict) -> YearlyReport:
    """The applicant saves the year's report (started as a draft the first time): per action its
    execution, per indicator the realised value, per budget line the amount spent, the narrative."""
    with transaction.atomic():
        application = _granted_application(user, application_id)
        if (refusal := APPLICANT.refusal(YearlyReport(application=application), user)) is not None:
            raise PermissionDenied(refusal)
        if int(year) not in application.call.years:
            raise Http404
        report = _start_report(user, application, int(year))
        if not report.is_editable:
            raise TransitionConflict(_not_editable())
        form = ReportForm(data, report=report)
        if not form.is_valid():
            raise ValidationError(form.errors)
        form.save()
    return report


def _start_report(user, application, year: int) -> YearlyReport:
    report = (
        YearlyReport.objects.select_for_update(of=("self",))
        .filter(application=application, year=year)
        .first()
    )
    if report is None:
        try:
            with transaction.atomic():
                report = YearlyReport.objects.create(application=application, year=year)
        except IntegrityError:  # started at the same moment by a colleague
            return YearlyReport.objects.select_for_update(of=("self",)).get(
                application=application, year=year
            )
        _event(REPORT, report, user, "start", "")
    return report


def _editable_report(user, report_id) -> YearlyReport:
    """The report, locked, if this user may change it now (404, 403, 409 otherwise)."""
    report = get_for(REPORT, user, report_id, lock=True)
    if (refusal := APPLICANT.refusal(report, user)) is not None:
        raise PermissionDenied(refusal)
    if not report.is_editable:
        raise TransitionConflict(_not_editable())
    return report


def _not_editable() -> str:
    """Said wherever a submitted report would be changed."""
    return _("Dit jaarverslag is ingediend: het kan nu niet gewijzigd worden.")


def add_report_attachment(user, report_id, uploaded) -> ReportAttachment:
    """A PDF with the report, checked like the application's attachments (grants.uploads)."""
    with transaction.atomic():
        report = _editable_report(user, report_id)
        pdf = check_pdf(uploaded)
        attachment = ReportAttachment(
            report=report,
            original_name=uploaded.name[:255],
            size=pdf.size,
            sha256=sha256_of(pdf),
            uploaded_by=user,
        )
        attachment.file.save("verslag.pdf", pdf, save=False)
        attachment.save()
    return attachment


def remove_report_attachment(user, report_id, attachment_id) -> None:
    with transaction.atomic():
        report = _editable_report(user, report_id)
        attachment = report.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        attachment.file.delete(save=False)
        attachment.delete()


# --- payments ---------------------------------------------------------------------------------


def plan_tranches(application_id, actor_id) -> list[Tranche]:
    """Each granted year becomes its tranches after the call's payment schedule (call data);
    safe to run twice: a tranche that exists is left as it is."""
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application_id)
        if application.status not in GRANTED_STATUSES:
            return []
        terms = list(application.call.payment_terms.order_by("order"))
        existing = set(application.tranches.values_list("year", "term_id"))
        planned = []
        for year, amount in sorted(granted_per_year(application).items()):
            if amount <= 0 or not terms:
                continue
            for term, part in zip(terms, tranche_amounts(amount, [t.percentage for t in terms]), strict=True):
                if (year, term.pk) not in existing:
                    planned.append(
                        Tranche(
                            application=application,
                            year=year,
                            term=term,
                            kind=term.kind,
                            amount=part,
                            expected_on=term.expected_date(year),
                        )
                    )
        Tranche.objects.bulk_create(planned)
        for tranche in planned:
            _event(
                TRANCHE,
                tranche,
                get_user_model().objects.get(pk=actor_id),
                "plan",
                "",
                visible=True,
                amount=str(tranche.amount),
                expected_on=tranche.expected_on.isoformat(),
            )
    return planned


# --- recovery ---------------------------------------------------------------------------------


def propose_recovery(user, application_id, data: dict) -> Recovery:
    """A dossierbehandelaar proposes to reclaim money of one year; a second person decides."""
    with transaction.atomic():
        application = _granted_application(user, application_id)
        recovery = Recovery(application=application, proposed_by=user)
        if (refusal := REVIEWER.refusal(recovery, user)) is not None:
            raise PermissionDenied(refusal)
        form = RecoveryProposalForm(data, years=sorted(granted_per_year(application)))
        if not form.is_valid():
            raise ValidationError(form.errors)
        year, reason, amount = (form.cleaned_data[k] for k in ("year", "reason", "amount"))
        paid = paid_for_year(application, year)
        if amount > paid:
            raise ValidationError(
                {
                    "amount": _("U kunt niet meer terugvorderen dan er voor %(year)s betaald is (%(paid)s).")
                    % {"year": year, "paid": format_eur(paid)}
                }
            )
        if reason == RecoveryReason.UNDERSPENT and amount > underspent(application, year):
            raise ValidationError(
                {
                    "amount": _(
                        "Volgens het goedgekeurde jaarverslag %(year)s is er %(due)s minder besteed dan "
                        "betaald: meer kan niet wegens onderbesteding teruggevorderd worden."
                    )
                    % {"year": year, "due": format_eur(underspent(application, year))}
                }
            )
        if application.recoveries.filter(year=year, status__in=OPEN_RECOVERY_STATUSES).exists():
            raise TransitionConflict(_("Voor %(year)s loopt al een terugvordering.") % {"year": year})
        recovery.year, recovery.reason, recovery.amount = year, reason, amount
        recovery.motivation = form.cleaned_data["motivation"]
        recovery.save()
        _event(RECOVERY, recovery, user, "propose", "", visible=False, amount=str(amount))
    return recovery


# --- changes and appeals ----------------------------------------------------------------------


def _decided_application(user, application_id) -> Application:
    application = get_application_for(user, application_id)
    if application.status not in DECIDED_STATUSES:
        raise TransitionConflict(_("Over deze aanvraag is nog niet beslist."))
    return application


def report_change(user, application_id, data: dict, files=None) -> PlanChange:
    """The applicant reports a change of a granted dossier; the department accepts or refuses it."""
    with transaction.atomic():
        application = _granted_application(user, application_id)
        change = PlanChange(application=application, reported_by=user)
        if (refusal := APPLICANT.refusal(change, user)) is not None:
            raise PermissionDenied(refusal)
        form = ChangeReportForm(data, files or {})
        if not form.is_valid():
            raise ValidationError(form.errors)
        for field in ("kind", "effective_on", "description", "municipality", "director_name",
                      "director_email", "director_phone"):
            setattr(change, field, form.cleaned_data[field])
        if uploaded := form.cleaned_data.get("council_decision"):
            try:
                pdf = check_pdf(uploaded)
            except ValidationError as error:
                raise ValidationError({"council_decision": error.messages}) from None
            change.council_decision_sha256 = sha256_of(pdf)
            change.council_decision.save("gemeenteraad.pdf", pdf, save=False)
        change.save()
        _event(CHANGE, change, user, "report", "", kind=change.kind,
               effective_on=change.effective_on.isoformat())
    return change


def request_reconsideration(user, application_id, data: dict) -> Appeal:
    """The applicant asks to reconsider the decision, within the call's term from its last letter."""
    with transaction.atomic():
        application = _decided_application(user, application_id)
        appeal = Appeal(application=application, kind=AppealKind.RECONSIDERATION, filed_by=user,
                        filed_on=timezone.localdate())
        if (refusal := APPLICANT.refusal(appeal, user)) is not None:
            raise PermissionDenied(refusal)
        deadline = reconsideration_deadline(application)
        if deadline is None or appeal.filed_on > deadline:
            raise TransitionConflict(_(
                "De termijn voor een verzoek tot heroverweging is voorbij: het kon tot %(day)s "
                "(%(days)s dagen na de brief).") % {"day": deadline.strftime("%d/%m/%Y") if deadline else "—",
                                     "days": application.call.reconsideration_days})
        pending = application.appeals.filter(kind=AppealKind.RECONSIDERATION, status__in=OPEN_APPEAL_STATUSES)
        if pending.exists():
            raise TransitionConflict(_("Er loopt al een verzoek tot heroverweging voor deze aanvraag."))
        form = AppealRequestForm(data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        appeal.grounds = form.cleaned_data["grounds"]
        appeal.save()
        _event(APPEAL, appeal, user, "file", "", kind=appeal.kind)
    return appeal


def register_appeal(user, application_id, data: dict) -> Appeal:
    """A dossierbehandelaar registers a Raad van State appeal (its date) or a material error to correct."""
    with transaction.atomic():
        application = _decided_application(user, application_id)
        appeal = Appeal(application=application, filed_by=user)
        if (refusal := REVIEWER.refusal(appeal, user)) is not None:
            raise PermissionDenied(refusal)
        form = AppealRegisterForm(data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        appeal.kind, appeal.filed_on, appeal.grounds = (
            form.cleaned_data[k] for k in ("kind", "filed_on", "grounds"))
        appeal.save()
        _event(APPEAL, appeal, user, "register", "", visible=appeal.kind == AppealKind.COUNCIL_OF_STATE,
               kind=appeal.kind, filed_on=appeal.filed_on.isoformat())
    return appeal
