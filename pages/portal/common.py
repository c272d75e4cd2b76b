"""What every applicant page shares: finding the application, refusing edits after
submission, the side navigation with the checklist, and asking before a deletion; and the parts
of pages that show what the applicant entered, rendered once per version (grants.contents_cache)."""

from collections import defaultdict
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from grants.completeness import cached_missing_items
from grants.contents_cache import through_cache
from grants.plan import budget_of, plan_summary
from grants.roles import is_department
from grants.selectors import can_act_for, get_application_for_portal
from grants.services import NotEditable
from pages.portal.sections import checklist, section_states


def application_page(view=None, *, editing=True, for_members=False):
    """Log-in required; 404 for an application the user may not see; after submission an
    editing page sends the user to the read-only overview, and any write is refused. A member
    municipality's user reads the application but edits none of it (the overview instead), except
    on a page ``for_members`` (the attachments: its own council decision)."""
    if view is None:
        return partial(application_page, editing=editing, for_members=for_members)

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        application = get_application_for_portal(request.user, pk)
        if editing and not application.is_editable and request.method == "GET":
            messages.info(request, not_editable_message(application))
            return redirect("application-overview", pk=application.pk)
        if editing and not for_members and request.method == "GET" and member_only(request.user, application):
            messages.info(request, _("U ziet deze aanvraag als deelnemende gemeente: alleen de aanvrager "
                                     "wijzigt ze. Uw gemeenteraadsbeslissing laadt u op bij de bijlagen."))
            return redirect("application-overview", pk=application.pk)
        try:
            return view(request, application, *args, **kwargs)
        except NotEditable as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("application-overview", pk=application.pk)

    return wrapper


def member_only(user, application) -> bool:
    """The user sees the application as a member municipality, not as the applicant."""
    return not is_department(user) and not can_act_for(user, application.applicant)


def not_editable_message(application) -> str:
    return _("Deze aanvraag heeft de status '%(status)s' en kan niet meer gewijzigd worden.") % {
        "status": application.get_status_display()}


def render_section(request, application, template, context, current=None, status=200):
    """A page of the application with its side navigation and checklist. The pages that
    show the population put it in their own context: the others need not count it."""
    missing = cached_missing_items(application) if application.is_editable else []
    return render(request, template, {
        "application": application,
        "sections": section_states(application, missing),
        "checklist": checklist(application, missing),
        "current": current,
        "member_only": member_only(request.user, application),
        **context,
    }, status=status)


def form_fields_html(application, form, template, *, keep: bool, reads_row=True) -> str:
    """``form``'s fields as ``template`` draws them. When ``keep`` (the form is the same on every
    request for this version of the application: unbound) through the contents cache;
    ``reads_row=False`` when its fields show none of the application's own fields."""
    def fields():
        return render_to_string(template, {"form": form})
    return through_cache(application, template, fields, reads_row=reads_row) if keep else fields()


def confirm_deletion(request, application, question, back, current):
    """The page a delete link leads to: nothing is deleted until the user confirms with its
    button (a POST to the same address). It needs no script, so it works under a strict CSP
    and without JavaScript; ``back`` is where "no" returns to."""
    return render_section(request, application, "portal/application/confirm_delete.html",
                          {"question": question, "back": back}, current=current)


SUMMARY_PARTS = ("members", "actions", "attachments")  # templates/portal/application/_summary_<part>.html


def summary_html(application) -> str:
    """Everything the applicant entered, read-only (the submission page; the overview once
    submitted). Its parts that read the contents are rendered once per version of them, and kept
    when only the plan's or contacts' texts change; those texts are rendered on every request."""
    def parts():
        context = {"application": application, **plan_summary(application)}
        return {part: render_to_string(f"portal/application/_summary_{part}.html", context)
                for part in SUMMARY_PARTS}
    kept = through_cache(application, "summary", parts, reads_row=False)
    return render_to_string("portal/application/_summary.html",
                            {"application": application, "summary_parts": kept})


def action_list_html(application) -> str:
    """The actions page's list: per priority of the call its actions, each with its years and how
    many indicators it has (only that is read), rendered once per version of the application."""
    def action_list():
        by_priority = defaultdict(list)
        listed = application.actions.annotate(indicator_count=Count("indicators")).prefetch_related("years")
        for action in listed:
            by_priority[action.priority_id].append(action)
        priorities = [(p, by_priority[p.pk]) for p in application.call.priorities.order_by("order")]
        return render_to_string("portal/application/_action_list.html",
                                {"application": application, "priorities": priorities})
    return through_cache(application, "actions", action_list, reads_row=False)


def budget_tables_html(application) -> str:
    """The budget page's lines per year and its totals, rendered once per version."""
    return through_cache(application, "budget", lambda: render_to_string(
        "portal/application/_budget_tables.html",
        {"application": application, "budget": budget_of(application)}), reads_row=False)
