"""What every page's header needs to know about the department and the monitoring committee."""

from grants.models import Call
from grants.roles import Role, has_role, is_department


def department(request) -> dict:
    """Whether the user is the department's, and for its call switcher the calls (read only
    by a page that shows the switcher)."""
    user = getattr(request, "user", None)
    return {"is_department_user": user is not None and is_department(user),
            "is_committee_user": user is not None and has_role(user, Role.MONITORINGSCOMITE),
            "department_calls": Call.objects.order_by("is_rehearsal", "-deadline")}
