"""What every page's header needs to know about the department."""

from grants.roles import is_department


def department(request) -> dict:
    user = getattr(request, "user", None)
    return {"is_department_user": user is not None and is_department(user)}
