"""The applicant's home page: their applications per call and the calls they can start."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from grants.completeness import cached_missing_items
from grants.models import LIVE_STATUSES
from grants.registrations import registrations_of
from grants.roles import is_department
from grants.selectors import applications_visible_to, portal_home_reads


@login_required
def home(request):
    """The applicant's home; the department's staff land on their own workspace."""
    if is_department(request.user):
        return redirect("department-home")
    applications = list(
        applications_visible_to(request.user)
        .select_related("call", "applicant", "extension")
        .order_by("-call__deadline", "applicant__name")
    )
    rows = [(application, cached_missing_items(application) if application.is_editable else [])
            for application in applications]
    applicants, municipalities, calls = portal_home_reads(request.user)
    started = {(a.call_id, a.applicant_id) for a in applications if a.status in LIVE_STATUSES}
    open_calls = [
        {"call": call, "can_start": [a for a in applicants
                                     if (call.pk, a.pk) not in started and a.kind in call.eligible_kinds]}
        for call in calls
    ]
    return render(request, "portal/home.html", {
        "rows": rows, "open_calls": open_calls, "applicants": applicants, "municipalities": municipalities,
        "registrations": registrations_of(request.user),
    })
