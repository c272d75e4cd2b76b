"""The pages that edit an application, one section each. Every save is a draft: nothing is
submitted until the applicant does so on the submission page."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import services
from grants.completeness import active_members, contents_read, population_of, read_contents
from grants.forms import ActionForm, BudgetLineForm, ContactsForm, IndicatorForm, MembersForm, PlanForm
from grants.models import ApplicantKind, BudgetSource
from grants.views.common import application_page, posted, render_section, try_write
from grants.views.start import municipalities_by_province, population_total


def _saved(request, application, url_name="application-overview", **kwargs):
    messages.success(request, _("Bewaard als concept."))
    return redirect(url_name, pk=application.pk, **kwargs)


@application_page(editing=False)
def overview(request, application):
    summary = {} if application.is_editable else plan_summary(application)
    return render_section(request, application, "grants/application/overview.html", summary)


@application_page
def members(request, application):
    call = application.call
    current = list(application.memberships.filter(active=True).values_list("municipality_id", flat=True))
    form = MembersForm(posted(request), call=call, initial={"municipalities": current})
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.set_members(
            request.user, application.pk, [m.pk for m in form.cleaned_data["municipalities"]])):
        return _saved(request, application, "application-members")
    chosen = form.data.getlist("municipalities") if form.is_bound else current
    return render_section(request, application, "grants/application/members.html", {
        "form": form, "provinces": municipalities_by_province(form, call, application),
        "population": population_of(application), "chosen_population": population_total(chosen),
        "alone": application.applicant.kind != ApplicantKind.SAMENWERKINGSVERBAND,
    }, current="members")


@application_page
def plan(request, application):
    form = PlanForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: services.save_plan(request.user, application.pk, form.cleaned_data)):
        return _saved(request, application, "application-plan")
    return render_section(request, application, "grants/application/plan.html", {"form": form},
                          current="plan")


@application_page
def contacts(request, application):
    form = ContactsForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: services.save_contacts(request.user, application.pk, form.cleaned_data)):
        return _saved(request, application, "application-contacts")
    return render_section(request, application, "grants/application/contacts.html", {"form": form},
                          current="contacts")


def _actions(application):
    if contents_read(application):  # the submission page read them already
        return application.actions.all()
    return (application.actions.select_related("priority")
            .prefetch_related("years", "target_groups", "partners", "indicators"))


@application_page
def actions(request, application):
    by_priority = defaultdict(list)
    for action in _actions(application):
        by_priority[action.priority_id].append(action)
    priorities = [(p, by_priority[p.pk]) for p in application.call.priorities.order_by("order")]
    return render_section(request, application, "grants/application/actions.html",
                          {"priorities": priorities}, current="actions")


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
    return render_section(request, application, "grants/application/action_form.html", {
        "form": form, "action": action,
        "indicators": action.indicators.all() if action else [],
    }, current="actions")


@application_page
@require_POST
def action_delete(request, application, action_pk):
    services.delete_action(request.user, application.pk, action_pk)
    if request.htmx:
        return HttpResponse("")
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
    return render_section(request, application, "grants/application/indicator_form.html", {
        "form": form, "action": action, "indicator": indicator}, current="actions")


@application_page
@require_POST
def indicator_delete(request, application, action_pk, indicator_pk):
    services.delete_indicator(request.user, application.pk, action_pk, indicator_pk)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("De indicator is verwijderd."))
    return redirect("application-action", pk=application.pk, action_pk=action_pk)


def budget_table(application) -> dict:
    """Lines per year with a total per year and per source, and the overall totals."""
    def empty_year():
        zero = Decimal("0")
        return {"lines": [], "total": zero, "by_source": dict.fromkeys(BudgetSource.values, zero)}

    years = {year: empty_year() for year in application.call.years}
    for line in application.budget_lines.all():
        year = years.setdefault(line.year, empty_year())
        year["lines"].append(line)
        year["total"] += line.amount
        year["by_source"][line.source] += line.amount
    by_source = {s: sum(y["by_source"][s] for y in years.values()) for s in BudgetSource.values}
    return {
        "years": [{"year": y, **data, "sources": [(BudgetSource(s).label, v) for s, v in
                                                  data["by_source"].items()]}
                  for y, data in sorted(years.items())],
        "total": sum(by_source.values()),
        "sources": [(BudgetSource(s).label, v) for s, v in by_source.items()],
    }


@application_page
def budget(request, application, line_pk=None):
    line = get_object_or_404(application.budget_lines, pk=line_pk) if line_pk else None
    form = BudgetLineForm(posted(request), instance=line, application=application)
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.save_budget_line(
            request.user, application.pk, form.cleaned_data, line_id=line_pk)):
        return _saved(request, application, "application-budget")
    return render_section(request, application, "grants/application/budget.html", {
        "form": form, "line": line, "budget": budget_table(application)}, current="budget")


@application_page
@require_POST
def budget_delete(request, application, line_pk):
    services.delete_budget_line(request.user, application.pk, line_pk)
    messages.success(request, _("De begrotingslijn is verwijderd."))
    return redirect("application-budget", pk=application.pk)


def plan_summary(application) -> dict:
    """Everything the applicant entered, for the read-only view after submission and the
    submission page (which has read it all already, for its checklist)."""
    read_contents(application)
    members = sorted(active_members(application), key=lambda m: m.municipality.name)
    by_type_and_name = sorted(application.attachments_in_order, key=lambda a: (
        a.attachment_type.order, a.municipality.name if a.municipality_id else ""))
    return {
        "members": members,
        "population": sum(m.municipality.population for m in members),
        "summary_actions": _actions(application),
        "budget": budget_table(application),
        "attachments": by_type_and_name,
    }
