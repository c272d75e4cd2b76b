"""Who may fire a transition: each actor answers, for one application and one user, why
not (a message) or None when the user may."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.roles import Role, has_role
from grants.selectors import can_act_for


def _prefetched(application, name: str):
    """The rows a list prefetched for many applications at once (None when not prefetched):
    the questions below then read them instead of asking the database per application."""
    return getattr(application, "_prefetched_objects_cache", {}).get(name)


def _declarations(application, user) -> list:
    if (rows := _prefetched(application, "conflict_declarations")) is not None:
        return [row for row in rows if row.reviewer_id == user.pk]
    return list(application.conflict_declarations.filter(reviewer=user))


def declared_conflict(application, user) -> bool:
    return any(d.has_conflict for d in _declarations(application, user))


def declared_no_conflict(application, user) -> bool:
    return any(not d.has_conflict for d in _declarations(application, user))


def current_proposal(application):
    """The proposal waiting for a beslisser (neither approved nor sent back), if any."""
    if (rows := _prefetched(application, "decision_proposals")) is not None:
        waiting = [p for p in rows if p.approved_at is None and not p.returned]
        return max(waiting, key=lambda p: (p.proposed_at, p.pk), default=None)
    return (
        application.decision_proposals.filter(approved_at__isnull=True, returned=False)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def open_clarification(application):
    """The latest question to the applicant not yet answered, if any (whom the step waits on)."""
    return application.clarifications.filter(answered_at__isnull=True).order_by("-asked_at", "-pk").first()


@dataclass(frozen=True)
class Actor:
    label: str
    refusal: Callable  # (application, user) -> str | None
    role: str | None = None  # the department's role the step is meant for; None: the applicant's

    def __str__(self) -> str:
        return str(self.label)


def _applicant(application, user):
    if can_act_for(user, application.applicant):
        return None
    return _("Alleen wie voor %(applicant)s mag optreden, kan dit doen.") % {
        "applicant": application.applicant
    }


def _reviewer(application, user):
    if not has_role(user, Role.DOSSIERBEHANDELAAR):
        return _("Alleen een dossierbehandelaar kan dit doen.")
    if declared_conflict(application, user):
        return _("U verklaarde een belangenconflict voor dit dossier: een collega moet het behandelen.")
    return None


def _undeclared(application, user):
    """The one who assesses or decides first declares, for this dossier, to have no conflict."""
    if not declared_no_conflict(application, user):
        return _("Verklaar eerst dat u geen belangenconflict hebt met deze aanvrager.")
    return None


def _assessor(application, user):
    return _reviewer(application, user) or _undeclared(application, user)


def _decider(application, user):
    if not has_role(user, Role.BESLISSER):
        return _("Alleen een beslisser kan dit doen.")
    if declared_conflict(application, user):
        return _("U verklaarde een belangenconflict voor dit dossier.")
    if refusal := _undeclared(application, user):
        return refusal
    proposal = current_proposal(application)
    if proposal is not None and proposal.proposed_by_id == user.pk:
        return _("U stelde deze beslissing zelf voor: een andere beslisser moet ze goedkeuren "
                 "(vier-ogenprincipe).")
    return None


APPLICANT = Actor(gettext_lazy("aanvrager"), _applicant)
REVIEWER = Actor(gettext_lazy("dossierbehandelaar zonder belangenconflict"), _reviewer,
                 Role.DOSSIERBEHANDELAAR)
ASSESSOR = Actor(gettext_lazy("dossierbehandelaar die verklaarde geen belangenconflict te hebben"), _assessor,
                 Role.DOSSIERBEHANDELAAR)
DECIDER = Actor(
    gettext_lazy("beslisser die verklaarde geen belangenconflict te hebben, niet de voorsteller"), _decider,
    Role.BESLISSER)
