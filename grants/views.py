"""The applicant's pages. Thin: reads come from grants.selectors, writes from grants.services."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from grants.completeness import missing_items
from grants.models import Call
from grants.roles import is_department
from grants.selectors import applications_visible_to


@login_required
def home(request):
    applications = (
        applications_visible_to(request.user)
        .select_related("call", "applicant")
        .order_by("call__deadline", "applicant__name")
    )
    if is_department(request.user):
        applications = applications.none()
    rows = [(application, missing_items(application) if application.is_editable else [])
            for application in applications]
    return render(request, "grants/home.html", {
        "rows": rows,
        "open_calls": Call.objects.open_for_applications(),
        "is_department": is_department(request.user),
    })
