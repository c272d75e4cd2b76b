"""Thin pages over notifications.selectors: the applicant's "Mijn meldingen" and the
department's list of everything sent."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from grants.roles import is_department
from notifications.forms import NotificationFilterForm
from notifications.selectors import notifications_visible_to

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))


@login_required
def my_notifications(request):
    queryset = notifications_visible_to(request.user).filter(application__isnull=False)
    return render(request, "notifications/mine.html", {"page": _page(request, queryset)})


@login_required
def department_list(request):
    if not is_department(request.user):
        raise Http404
    form = NotificationFilterForm(request.GET)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "notifications/department_list.html", {
        "page": _page(request, form.filter(notifications_visible_to(request.user))), "form": form,
        "query": f"{query.urlencode()}&" if query else "",
    })
