"""The department's own records on a dossier: assessments and internal notes. They do not
move the application (the transitions go through workflow.services.fire)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import ApplicationStatus, AssessmentCriterion
from grants.roles import refuse_unless_department
from grants.selectors import get_application_for
from workflow.actors import ASSESSOR
from workflow.exceptions import TransitionConflict
from workflow.models import Assessment, InternalNote

ASSESSABLE = (ApplicationStatus.IN_BEOORDELING,)


@transaction.atomic
def save_assessment(user, application_id, scores: dict[int, tuple[int, str]]) -> list[Assessment]:
    """Record the reviewer's score and motivation per criterion ({criterion id: (score, motivation)})."""
    application = get_application_for(user, application_id)
    if (refusal := ASSESSOR.refusal(application, user)) is not None:
        raise PermissionDenied(refusal)
    if application.status not in ASSESSABLE:
        raise TransitionConflict(_("Beoordelen kan alleen terwijl de aanvraag in beoordeling is."))
    criteria = {c.pk: c for c in AssessmentCriterion.objects.filter(call=application.call)}
    errors = {}
    for criterion_id, (score, motivation) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[f"score_{criterion_id}"] = _("Dit criterium hoort niet bij deze oproep.")
        elif score is None or not 0 <= score <= criterion.max_score:
            errors[f"score_{criterion_id}"] = _("Geef een score van 0 tot %(max)s.") % {
                "max": criterion.max_score}
        elif not (motivation or "").strip():
            errors[f"motivation_{criterion_id}"] = _("Motiveer de score voor '%(criterion)s'.") % {
                "criterion": criterion}
    if errors:
        raise ValidationError(errors)
    return [
        Assessment.objects.update_or_create(
            application=application, criterion_id=criterion_id, reviewer=user,
            defaults={"score": score, "motivation": motivation.strip()},
        )[0]
        for criterion_id, (score, motivation) in scores.items()
    ]


def add_note(user, application_id, text: str) -> InternalNote:
    refuse_unless_department(user)
    application = get_application_for(user, application_id)
    if not (text or "").strip():
        raise ValidationError({"text": _("Schrijf de notitie.")})
    return InternalNote.objects.create(application=application, author=user, text=text.strip())

