"""What every page's header needs to know about the department and the monitoring committee."""

from grants.roles import Role, has_role, is_department


def department(request) -> dict:
    """Whether the user is the department's or the committee's (the department's tabs and call
    switcher read their calls themselves: pages.department.tabs)."""
    user = getattr(request, "user", None)
    return {"is_department_user": user is not None and is_department(user),
            "is_committee_user": user is not None and has_role(user, Role.MONITORINGSCOMITE)}
