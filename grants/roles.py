"""The roles, as Django groups, the questions the rest of the code asks about them, and
the refusal of a department-only write to anyone else."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AANVRAGER = "aanvrager", _("aanvrager")
    DOSSIERBEHANDELAAR = "dossierbehandelaar", _("dossierbehandelaar")
    BESLISSER = "beslisser", _("beslisser")
    BEHEERDER = "beheerder", _("beheerder")
    # Reads the monitoring (dashboard, table, aggregates, exports); sees no dossier, writes nothing.
    MONITORINGSCOMITE = "monitoringscomite", _("monitoringscomité")


DEPARTMENT_ROLES = frozenset({Role.DOSSIERBEHANDELAAR, Role.BESLISSER, Role.BEHEERDER})


def roles_of(user) -> frozenset[str]:
    """The user's role names, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {Role.BEHEERDER}
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def is_department(user) -> bool:
    return bool(roles_of(user) & DEPARTMENT_ROLES)


def refuse_unless_department(user) -> None:
    """For the writes only the department's staff may make (PermissionDenied for anyone else)."""
    if not is_department(user):
        raise PermissionDenied(gettext("Alleen medewerkers van het departement kunnen dit doen."))


def may_read_monitoring(user) -> bool:
    """The monitoring (dashboard, parliamentary table, aggregates): the department and the
    monitoring committee; to anyone else it does not exist (404)."""
    return is_department(user) or has_role(user, Role.MONITORINGSCOMITE)
