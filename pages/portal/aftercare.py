"""The applicant's aftercare pages (aftercare/): the granted amounts, the reports due and
their state, the payments and any recovery; the year's report to fill in, with attachments,
submitted or answered after a question (bijsturing). Every write goes through
aftercare.services; a refusal is shown beside the field or above the form."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftercare import selectors, services
from aftercare.forms import AnswerForm, AppealRequestForm, ChangeReportForm, SubmitReportForm
from aftercare.later import series_letter as series_letter_of
from aftercare.machine import APPEAL, CHANGE, RECOVERY, REPORT
from aftercare.models import AftercareEvent, RecoveryLetter, ReportStatus, YearlyReport
from aftercare.report_form import ReportForm
from grants.contents_cache import events_count, through_cache
from grants.models import DECIDED_STATUSES
from grants.selectors import applications_visible_to, get_application_for
from pages.forms import REFUSALS, show_refusal
from workflow.exceptions import TransitionConflict


class ReportAttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Bijlage (PDF)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
                           error_messages={"required": gettext_lazy("Kies een PDF-bestand om op te laden.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Alleen PDF, hoogstens %(mb)s MB.") % {
            "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}


def _granted(request, pk, **annotations):
    queryset = applications_visible_to(request.user).annotate(**annotations)
    application = get_application_for(request.user, pk, queryset)
    if not application.is_granted:
        raise Http404
    return application


@login_required
def overview(request, pk):
    """The years, the money and the history, rendered once per version of the application and
    of its aftercare: every aftercare write adds an event in its transaction (events_count)."""
    application = _granted(request, pk, aftercare_count=events_count(AftercareEvent))
    years = through_cache(application, "aftercare", lambda: render_to_string(
        "portal/aftercare/_overview.html", {
            "application": application, "view": selectors.dossier_aftercare(application, applicant_view=True),
            "events": selectors.history(application, applicant_view=True)}),
        stamp=str(application.aftercare_count))
    return render(request, "portal/aftercare/overview.html", {"application": application, "years": years})


def _report(application, year: int) -> YearlyReport:
    """The year's report, or an unsaved draft to show (it is stored on the first save)."""
    if year not in application.call.years:
        raise Http404
    return (application.yearly_reports.filter(year=year).first()
            or YearlyReport(application=application, year=year, status=ReportStatus.CONCEPT))


@login_required
def report(request, pk, year):
    """Fill in, save, submit, or answer the department's question: one page, one button each."""
    application = _granted(request, pk)
    report = _report(application, year)
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted else None
    content = ReportForm(posted if action in ("save", "submit", "answer") else None, report=report)
    submit_form = SubmitReportForm(posted if action == "submit" else None, subject=report)
    answer_form = AnswerForm(posted if action == "answer" else None, subject=report)
    upload_form = ReportAttachmentForm(posted if action == "upload" else None,
                                       request.FILES if action == "upload" else None)
    if action not in (None, "upload", *DONE):
        raise Http404
    if posted and _write(
        request, application, report, action, content, submit_form, answer_form, upload_form
    ):
        return redirect("portal-report", pk=pk, year=year)
    refused = any(f.errors for f in (content, submit_form, answer_form, upload_form))
    return render(
        request,
        "portal/aftercare/report.html",
        {
            "application": application,
            "report": report,
            "year": year,
            "form": content,
            "rows": content.rows(),
            "submit_form": submit_form,
            "answer_form": answer_form,
            "upload_form": upload_form,
            "open_question": report.pk and report.questions.filter(answered_at__isnull=True).first(),
            "questions": report.questions.all() if report.pk else [],
            "attachments": report.attachments.all() if report.pk else [],
            "due_on": application.call.report_due_dates.filter(year=year)
            .values_list("due_on", flat=True)
            .first(),
        },
        status=400 if refused else 200,
    )


def _write(request, application, report, action, content, submit_form, answer_form, upload_form) -> bool:
    """Save the contents (every button but an upload), then take the step the button asks.
    A refusal goes beside the field (the service validated the same forms) or above the form."""
    target = {"submit": submit_form, "answer": answer_form, "upload": upload_form}.get(action, content)
    try:
        if action == "upload":
            if not upload_form.is_valid():
                return False
            if not report.pk:
                report = services.save_report(request.user, application.pk, report.year, {})
            services.add_report_attachment(request.user, report.pk, upload_form.cleaned_data["file"])
            messages.success(
                request, _("'%(name)s' is opgeladen.") % {"name": upload_form.cleaned_data["file"].name}
            )
            return True
        report = services.save_report(request.user, application.pk, report.year, request.POST)
        if action in ("submit", "answer"):
            services.fire(request.user, REPORT.name, report.pk, action, request.POST)
        messages.success(request, DONE[action] % {"year": report.year})
    except ValidationError as error:
        content.is_valid(), target.is_valid()
        if not (content.errors or target.errors):
            show_refusal(target, error)
        return False
    except TransitionConflict as error:
        show_refusal(target, error)
        return False
    return True


DONE = {
    "save": gettext_lazy("Uw jaarverslag %(year)s is bewaard."),
    "submit": gettext_lazy("Uw jaarverslag %(year)s is ingediend."),
    "answer": gettext_lazy("Uw bijsturing van het jaarverslag %(year)s is ingediend."),
}


@login_required
def report_attachment_delete(request, pk, year, attachment_pk):
    application = _granted(request, pk)  # another's dossier is a 404 first, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = get_object_or_404(YearlyReport, application=application, year=year)
    try:
        services.remove_report_attachment(request.user, report.pk, attachment_pk)
    except REFUSALS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("portal-report", pk=pk, year=year)


@login_required
def report_attachment(request, pk, year, attachment_pk):
    application = _granted(request, pk)
    report = get_object_or_404(YearlyReport, application=application, year=year)
    attachment = get_object_or_404(report.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename="jaarverslag-bijlage.pdf",
    )


@login_required
def recovery_letter(request, pk, recovery_pk):
    _granted(request, pk)
    recovery = services.get_for(RECOVERY, request.user, recovery_pk)
    letter = get_object_or_404(RecoveryLetter, recovery=recovery, recovery__application_id=pk)
    return FileResponse(letter.file.open("rb"), content_type="application/pdf", filename=letter.download_name)


# --- changes, appeals and the letters (issue 23) ----------------------------------------------


def _decided(request, pk):
    application = get_application_for(request.user, pk)
    if application.status not in DECIDED_STATUSES:
        raise Http404
    return application


@login_required
def amendments(request, pk):
    """The decided dossier's letters (all kept, the last current), the changes reported and the
    requests for reconsideration; report a change, ask for reconsideration, withdraw either."""
    application = _decided(request, pk)
    change_form = ChangeReportForm(prefix="change")
    appeal_form = AppealRequestForm(prefix="appeal")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "change":
                change_form = ChangeReportForm(request.POST, request.FILES, prefix="change")
                services.report_change(request.user, pk, _unprefixed(request.POST, "change"),
                                       _unprefixed(request.FILES, "change"))
                messages.success(request, _("Uw wijziging is gemeld: het departement behandelt ze."))
            elif action == "appeal":
                appeal_form = AppealRequestForm(request.POST, prefix="appeal")
                services.request_reconsideration(request.user, pk, _unprefixed(request.POST, "appeal"))
                messages.success(request, _("Uw verzoek tot heroverweging is ingediend."))
            elif action in ("withdraw_change", "withdraw_appeal"):
                lifecycle = CHANGE if action == "withdraw_change" else APPEAL
                services.fire(request.user, lifecycle.name, request.POST.get("object"), "withdraw")
                messages.success(request, _("Ingetrokken."))
            else:
                raise Http404
        except REFUSALS as error:
            form = change_form if action == "change" else appeal_form
            form.is_valid()
            show_refusal(form, error)
            status = 400
        else:
            return redirect("portal-amendments", pk=pk)
    return render(request, "portal/aftercare/amendments.html", {
        "application": application, "view": selectors.amendments_of(application),
        "change_form": change_form, "appeal_form": appeal_form, "today": timezone.localdate()}, status=status)


def _unprefixed(data, prefix: str) -> dict:
    """The form's fields without the page's prefix, as the service (and the API) reads them."""
    start = f"{prefix}-"
    return {key[len(start):]: data[key] for key in data if key.startswith(start)}


@login_required
def series_letter(request, pk, position):
    """One letter of the dossier's series, by its place in it: every letter stays downloadable."""
    letter = series_letter_of(_decided(request, pk), position)
    return FileResponse(letter.file.open("rb"), content_type="application/pdf", filename=letter.download_name)
