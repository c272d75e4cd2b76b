"""Who may take a step in the aftercare: each actor answers, for one report, tranche or
recovery and one user, why not (a message) or None when the user may. The shape is
workflow.actors.Actor; the four-eyes rule here is on the object's own proposer."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.roles import Role, has_role
from grants.selectors import can_act_for
from workflow.actors import Actor, declared_conflict


def _applicant(obj, user):
    if can_act_for(user, obj.application.applicant):
        return None
    return _("Alleen wie voor %(applicant)s mag optreden, kan dit doen.") % {
        "applicant": obj.application.applicant}


def _reviewer(obj, user):
    if not has_role(user, Role.DOSSIERBEHANDELAAR):
        return _("Alleen een dossierbehandelaar kan dit doen.")
    if declared_conflict(obj.application, user):
        return _("U verklaarde een belangenconflict voor dit dossier: een collega moet het behandelen.")
    return None


def _second(obj, user):
    """A beslisser without a conflict who did not propose it: the four-eyes principle."""
    if not has_role(user, Role.BESLISSER):
        return _("Alleen een beslisser kan dit goedkeuren.")
    if declared_conflict(obj.application, user):
        return _("U verklaarde een belangenconflict voor dit dossier.")
    if obj.proposed_by_id == user.pk:
        return _("U stelde dit zelf voor: een tweede persoon moet het goedkeuren (vier-ogenprincipe).")
    return None


APPLICANT = Actor(gettext_lazy("aanvrager"), _applicant)
REVIEWER = Actor(
    gettext_lazy("dossierbehandelaar zonder belangenconflict"), _reviewer, Role.DOSSIERBEHANDELAAR
)
SECOND = Actor(
    gettext_lazy("beslisser zonder belangenconflict, niet wie het voorstelde"), _second, Role.BESLISSER
)
