"""The pages that edit an application, one section each. Every save is a draft: nothing is
submitted until the applicant does so on the submission page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grants import services
from grants.completeness import population_of
from grants.contents_cache import through_cache
from grants.formatting import format_eur
from grants.models import ApplicantKind
from pages.forms import posted, try_write
from pages.portal.common import (
    action_list_html,
    application_page,
    budget_tables_html,
    confirm_deletion,
    form_fields_html,
    render_section,
    summary_html,
)
from pages.portal.forms import ActionForm, BudgetLineForm, ContactsForm, IndicatorForm, MembersForm, PlanForm
from pages.portal.start import municipalities_by_province, population_total
from workflow.actors import open_clarification


def _saved(request, application, url_name="application-overview", **kwargs):
    messages.success(request, _("Bewaard als concept."))
    return redirect(url_name, pk=application.pk, **kwargs)


@application_page(editing=False)
def overview(request, application):
    """The sections (or, once submitted, what was submitted), and an open question of the
    department on top: the applicant who opens the application sees it first."""
    summary = None if application.is_editable else summary_html(application)
    question = open_clarification(application) if application.awaits_clarification else None
    return render_section(request, application, "portal/application/overview.html",
                          {"summary": summary, "open_request": question})


@application_page
def members(request, application):
    call = application.call
    # Read only when shown: a centrumstad's page shows no picker.
    current = application.memberships.filter(active=True).values_list("municipality_id", flat=True)
    form = MembersForm(posted(request), call=call, initial={"municipalities": current})
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.set_members(
            request.user, application.pk, [m.pk for m in form.cleaned_data["municipalities"]])):
        return _saved(request, application, "application-members")
    if application.applicant.kind != ApplicantKind.SAMENWERKINGSVERBAND:  # no choice: no picker
        return render_section(request, application, "portal/application/members.html", {
            "alone": through_cache(application, "members-alone", lambda: render_to_string(
                "portal/application/_members_alone.html",
                {"application": application, "population": population_of(application)}), reads_row=False),
        }, current="members")
    chosen = form.data.getlist("municipalities") if form.is_bound else current
    return render_section(request, application, "portal/application/members.html", {
        "form": form, "provinces": municipalities_by_province(form, call, application),
        "chosen_population": population_total(chosen),
    }, current="members")


@application_page
def plan(request, application):
    form = PlanForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: services.save_plan(request.user, application.pk, form.cleaned_data)):
        return _saved(request, application, "application-plan")
    return render_section(request, application, "portal/application/plan.html", {"form": form},
                          current="plan")


@application_page
def contacts(request, application):
    form = ContactsForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: services.save_contacts(request.user, application.pk, form.cleaned_data)):
        return _saved(request, application, "application-contacts")
    fields = form_fields_html(application, form, "portal/application/_contacts_fields.html",
                              keep=not form.is_bound)
    return render_section(request, application, "portal/application/contacts.html",
                          {"form": form, "fields": fields}, current="contacts")


@application_page
def actions(request, application):
    return render_section(request, application, "portal/application/actions.html",
                          {"action_list": action_list_html(application)}, current="actions")


@application_page
def action_form(request, application, action_pk=None):
    action = get_object_or_404(application.actions, pk=action_pk) if action_pk else None
    initial = {"priority": request.GET.get("prioriteit"), "years": application.call.years}
    form = ActionForm(posted(request), instance=action, application=application,
                      initial=None if action else initial)
    if request.method == "POST" and form.is_valid():
        saved = []
        if try_write(form, lambda: saved.append(services.save_action(
                request.user, application.pk, form.cleaned_data, action_id=action_pk))):
            return _saved(request, application, "application-action", action_pk=saved[0].pk)
    return render_section(request, application, "portal/application/action_form.html", {
        "form": form, "action": action,
        "indicators": action.indicators.all() if action else [],
    }, current="actions")


@application_page
@require_http_methods(["GET", "POST"])  # GET asks for confirmation, POST deletes
def action_delete(request, application, action_pk):
    if request.method != "POST":
        action = get_object_or_404(application.actions, pk=action_pk)
        question = _("Wilt u de actie '%(name)s' en haar indicatoren verwijderen?") % {"name": action.title}
        return confirm_deletion(request, application, question,
                                reverse("application-actions", args=[application.pk]), "actions")
    services.delete_action(request.user, application.pk, action_pk)
    messages.success(request, _("De actie is verwijderd."))
    return redirect("application-actions", pk=application.pk)


@application_page
def indicator_form(request, application, action_pk, indicator_pk=None):
    action = get_object_or_404(application.actions, pk=action_pk)
    indicator = get_object_or_404(action.indicators, pk=indicator_pk) if indicator_pk else None
    form = IndicatorForm(posted(request), instance=indicator, years=application.call.years)
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.save_indicator(
            request.user, application.pk, action.pk, form.service_data(), indicator_id=indicator_pk)):
        return _saved(request, application, "application-action", action_pk=action.pk)
    return render_section(request, application, "portal/application/indicator_form.html", {
        "form": form, "action": action, "indicator": indicator}, current="actions")


@application_page
@require_http_methods(["GET", "POST"])  # GET asks for confirmation, POST deletes
def indicator_delete(request, application, action_pk, indicator_pk):
    if request.method != "POST":
        action = get_object_or_404(application.actions, pk=action_pk)
        indicator = get_object_or_404(action.indicators, pk=indicator_pk)
        question = _("Wilt u de indicator '%(name)s' verwijderen?") % {"name": indicator.name}
        return confirm_deletion(request, application, question,
                                reverse("application-action", args=[application.pk, action_pk]), "actions")
    services.delete_indicator(request.user, application.pk, action_pk, indicator_pk)
    messages.success(request, _("De indicator is verwijderd."))
    return redirect("application-action", pk=application.pk, action_pk=action_pk)


@application_page
def budget(request, application, line_pk=None):
    line = get_object_or_404(application.budget_lines, pk=line_pk) if line_pk else None
    form = BudgetLineForm(posted(request), instance=line, application=application)
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.save_budget_line(
            request.user, application.pk, form.cleaned_data, line_id=line_pk)):
        return _saved(request, application, "application-budget")
    fields = form_fields_html(application, form, "portal/application/_budget_line_fields.html",
                              keep=line is None and not form.is_bound, reads_row=False)  # a new line's
    return render_section(request, application, "portal/application/budget.html", {
        "form": form, "line": line, "budget_tables": budget_tables_html(application), "line_fields": fields,
    }, current="budget")


@application_page
@require_http_methods(["GET", "POST"])  # GET asks for confirmation, POST deletes
def budget_delete(request, application, line_pk):
    if request.method != "POST":
        line = get_object_or_404(application.budget_lines, pk=line_pk)
        question = _("Wilt u de begrotingslijn %(what)s %(year)s van %(amount)s verwijderen?") % {
            "what": line.get_category_display(), "year": line.year, "amount": format_eur(line.amount)}
        return confirm_deletion(request, application, question,
                                reverse("application-budget", args=[application.pk]), "budget")
    services.delete_budget_line(request.user, application.pk, line_pk)
    messages.success(request, _("De begrotingslijn is verwijderd."))
    return redirect("application-budget", pk=application.pk)
