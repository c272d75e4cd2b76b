"""What each kind of e-mail says: its subject, its templates (HTML and plain text, in
templates/emails/) and the facts they show. Read when the e-mail is sent, not when claimed."""

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from aftercare.models import (
    AftercareEvent,
    Appeal,
    LaterDecision,
    PlanChange,
    Recovery,
    RecoveryLetter,
    Tranche,
    YearlyReport,
)
from grants.completeness import missing_items
from grants.models import ReportDueDate
from notifications.models import Kind, Notification
from workflow.models import (
    ApplicationVersion,
    AuditEvent,
    ClarificationRequest,
    DecisionLetter,
    SubmissionExtension,
)


def _application_facts(n: Notification) -> dict:
    return {"application": n.application, "call": n.call or (n.application and n.application.call)}


def _deadline(n: Notification) -> dict:
    return {**_application_facts(n), "days": n.offset_days, "missing": missing_items(n.application),
            "deadline": deadline_of(n.application)}


def deadline_of(application):
    """The application's deadline: the end of its extension, else the call's."""
    extension = SubmissionExtension.objects.filter(application=application).first()
    return extension.until if extension else application.call.deadline


def _council_decision(n: Notification) -> dict:
    return {**_application_facts(n), "municipality": n.municipality, "deadline": deadline_of(n.application)}


def _event(n: Notification) -> dict:
    return {**_application_facts(n), "event": AuditEvent.objects.get(pk=n.ref_id)}


def _invitation(n: Notification) -> dict:
    return {"call": n.call, "municipality": n.municipality, "days": n.offset_days}


def _clarification(n: Notification) -> dict:
    return {**_application_facts(n), "request": ClarificationRequest.objects.get(pk=n.ref_id)}


def _review(n: Notification) -> dict:
    return {**_application_facts(n), "days": n.offset_days}


def _receipt(n: Notification) -> dict:
    event = AuditEvent.objects.get(pk=n.ref_id)
    version = (ApplicationVersion.objects.filter(application=n.application, sha256=event.data.get("sha256"))
               .first() or n.application.versions.order_by("-number").first())
    return {**_application_facts(n), "event": event, "version": version}


def _answer(n: Notification) -> dict:
    request = n.application.clarifications.exclude(answered_at=None).order_by("-answered_at").first()
    return {**_application_facts(n), "request": request}


def _decision(n: Notification) -> dict:
    return {**_application_facts(n), "letter": DecisionLetter.objects.filter(pk=n.ref_id).first()}


def _report_reminder(n: Notification) -> dict:
    due = ReportDueDate.objects.filter(call_id=n.call_id, year=n.ref_id).first()
    return {**_application_facts(n), "year": n.ref_id, "due_on": due and due.due_on,
            "days": abs(n.offset_days), "overdue": n.offset_days < 0}


def _aftercare(n: Notification) -> dict:
    """The step's event and its object: the report and its question, the tranche, the recovery
    (whose letter is attached)."""
    event = AftercareEvent.objects.get(pk=n.ref_id)
    model = {"jaarverslag": YearlyReport, "schijf": Tranche, "terugvordering": Recovery,
             "wijziging": PlanChange, "beroep": Appeal}[event.lifecycle]
    subject = model.objects.get(pk=event.object_id)
    facts = {**_application_facts(n), "event": event, "subject": subject}
    if event.lifecycle == "jaarverslag":
        facts["question"] = subject.questions.filter(pk=event.data.get("question")).first()
    if event.lifecycle == "terugvordering":
        facts["letter"] = RecoveryLetter.objects.filter(recovery=subject).first()
    if event.data.get("decision"):  # a later decision (issue 23): its letter is attached
        facts["letter"] = LaterDecision.objects.filter(pk=event.data["decision"]).first()
    return facts


def _subjects() -> dict:
    return {
        Kind.DEADLINE_REMINDER: (_("Herinnering: uw aanvraag Lokale Regie is nog niet ingediend"), _deadline),
        Kind.INVITATION: (_("Oproep Lokale Regie: uw gemeente zit nog in geen enkele aanvraag"), _invitation),
        Kind.CLARIFICATION_REMINDER: (_("Herinnering: de termijn voor uw aanvulling loopt af"),
                                      _clarification),
        Kind.REVIEW_REMINDER: (_("Een dossier wacht op uw behandeling"), _review),
        Kind.RECEIPT: (_("Ontvangstbevestiging van uw aanvraag Lokale Regie"), _receipt),
        Kind.CLARIFICATION_REQUESTED: (_("Vraag om aanvulling bij uw aanvraag Lokale Regie"), _clarification),
        Kind.ANSWER_RECEIVED: (_("Aanvulling ontvangen voor een dossier"), _answer),
        Kind.DECISION: (_("Beslissing over uw aanvraag Lokale Regie"), _decision),
        Kind.COUNCIL_DECISION_REMINDER: (_("Herinnering: de gemeenteraadsbeslissing van uw gemeente mist"),
                                         _council_decision),
        Kind.DECISION_COPY: (_("Kopie: beslissing over een aanvraag Lokale Regie van uw gemeente"),
                             lambda n: {**_decision(n), "municipality": n.municipality}),
        Kind.STATUS_CHANGED: (_("Nieuwe status van uw aanvraag Lokale Regie"), _event),
        Kind.PROPOSAL_WAITING: (_("Een beslissingsvoorstel wacht op een beslisser"), _event),
        Kind.DOSSIER_ASSIGNED: (_("Een dossier is aan u toegewezen"), _event),
        Kind.REPORT_REMINDER: (_("Herinnering: uw jaarverslag Lokale Regie"), _report_reminder),
        Kind.REPORT_CHANGES: (_("Vraag om bijsturing van uw jaarverslag Lokale Regie"), _aftercare),
        Kind.REPORT_APPROVED: (_("Uw jaarverslag Lokale Regie is goedgekeurd"), _aftercare),
        Kind.PAYMENT_MADE: (_("Betaling van uw subsidie Lokale Regie"), _aftercare),
        Kind.RECOVERY: (_("Terugvordering van subsidie Lokale Regie"), _aftercare),
        Kind.CHANGE_DECIDED: (_("Uw gemelde wijziging aan het plan Lokale Regie is behandeld"), _aftercare),
        Kind.LATER_DECISION: (_("Nieuwe beslissing over uw subsidie Lokale Regie"), _aftercare),
        Kind.APPEAL_OUTCOME: (_("Arrest van de Raad van State over uw subsidie Lokale Regie"), _aftercare),
    }


def message_id(n: Notification) -> str:
    """The same for every attempt, so a mail system can drop a rare duplicate delivery."""
    digest = hashlib.sha256(f"{n.kind}|{n.scope}|{n.offset_days}|{n.recipient}".encode()).hexdigest()[:32]
    return f"<melding-{digest}@lokaleregie.wse>"


def build_message(n: Notification, connection=None) -> EmailMultiAlternatives:
    """Render the e-mail in Dutch; fills n.subject and n.body (kept as sent)."""
    with override("nl-be"):
        subject, facts = _subjects()[n.kind]
        context = {**facts(n), "notification": n, "site_url": settings.SITE_URL}
        if n.application and n.application.dossier_number:
            subject = f"{subject} ({n.application.dossier_number})"
        text = render_to_string(f"emails/{n.kind}.txt", context)
        html = render_to_string(f"emails/{n.kind}.html", context)
    n.subject, n.body = subject, text
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [n.recipient],
                                     headers={"Message-ID": message_id(n)}, connection=connection)
    message.attach_alternative(html, "text/html")
    letter = context.get("letter")
    if letter is not None and getattr(letter, "file", None):
        with letter.file.open("rb") as pdf:
            message.attach(getattr(letter, "download_name", "beslissingsbrief.pdf"), pdf.read(),
                           "application/pdf")
    return message
