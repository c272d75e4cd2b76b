"""The department's own pages outside a call's list: each user's work queue, the extensions
(uitstel) of a call, and the registrations of new samenwerkingsverbanden."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants import registrations
from grants.models import ApplicationStatus, Call, Registration
from pages.department.access import department_only
from pages.department.forms import ExtensionForm, RegistrationDecisionForm
from pages.forms import REFUSALS, refusal_text, show_refusal
from workflow import selectors, services
from workflow.models import SubmissionExtension


@department_only
def work_queue(request):
    return render(request, "department/work_queue.html", {
        "rows": selectors.work_queue(request.user), "call": Call.objects.for_the_department(),
        "section": "queue"})


@department_only
def extensions(request, call_code):
    """Grant (or move) an extension for one application of the call, or withdraw one."""
    call = get_object_or_404(Call, code=call_code)
    # Only a draft has use for more time; the department sees its applicant's name, nothing more.
    applications = call.applications.filter(status=ApplicationStatus.CONCEPT).select_related("applicant")
    if "withdraw" in request.POST:
        try:
            services.withdraw_extension(request.user, request.POST["withdraw"])
        except REFUSALS as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Het uitstel is ingetrokken."))
        return redirect("department-extensions", call_code=call.code)
    form = ExtensionForm(request.POST or None, applications=applications.order_by("applicant__name"))
    if request.method == "POST" and form.is_valid():
        try:
            extension = services.grant_extension(request.user, form.cleaned_data["application"].pk,
                                                 form.until(), form.cleaned_data["reason"])
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Uitstel verleend aan %(applicant)s.")
                             % {"applicant": extension.application.applicant})
            return redirect("department-extensions", call_code=call.code)
    granted = (SubmissionExtension.objects.filter(application__call=call)
               .select_related("application__applicant", "granted_by").order_by("until"))
    return render(request, "department/extensions.html", {
        "call": call, "form": form, "granted": granted, "section": "extensions",
    }, status=400 if form.errors else 200)


@department_only
def registration_list(request):
    return render(request, "department/registrations.html", {
        "registrations": Registration.objects.select_related("lead_municipality", "registered_by")
        .prefetch_related("members"), "call": Call.objects.for_the_department(), "section": "registrations"})


@department_only
def registration_decide(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("lead_municipality"), pk=pk)
    form = RegistrationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = "confirm" if "confirm" in request.POST else "refuse"
        try:
            registrations.fire_registration(request.user, pk, step, form.cleaned_data["reason"])
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("De aanmelding van %(name)s is behandeld.") % {"name": registration})
            return redirect("department-registrations")
    return render(request, "department/registration.html", {
        "registration": registration, "form": form, "call": Call.objects.for_the_department(),
        "section": "registrations"}, status=400 if form.errors else 200)
