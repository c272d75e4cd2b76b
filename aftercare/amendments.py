"""What an accepted change does to the dossier, in the step's transaction: a member joins or
leaves the application and its regiegebied from the change's date (grants.agreements.move_member),
a new regisseur takes over, and the plan as it now stands becomes a new version, readable
against the one before like a resubmission (workflow.snapshots)."""

from django.db.models import Max

from aftercare.models import ChangeKind, PlanChange
from grants.agreements import move_member
from grants.models import Application
from workflow.models import ApplicationVersion
from workflow.snapshots import build_snapshot, snapshot_hash

DIRECTOR_FIELDS = ("director_name", "director_email", "director_phone")


def apply_change(change: PlanChange, user) -> ApplicationVersion:
    application = Application.objects.select_for_update().get(pk=change.application_id)
    if change.kind in (ChangeKind.JOINS, ChangeKind.LEAVES):
        move_member(
            application, change.municipality, change.effective_on, joins=change.kind == ChangeKind.JOINS
        )
    changed = []
    if change.kind == ChangeKind.DIRECTOR:
        for field in DIRECTOR_FIELDS:
            setattr(application, field, getattr(change, field))
        changed = list(DIRECTOR_FIELDS)
    # With ``updated_at``: the pages keep what they show of the contents under it (grants.contents_cache).
    application.save(update_fields=[*changed, "updated_at"])
    return new_version(application, user)


def new_version(application: Application, user) -> ApplicationVersion:
    """The plan as it stands now, frozen as the next version (the old ones stay as they were)."""
    fresh = Application.objects.select_related("call", "applicant").get(pk=application.pk)
    data = build_snapshot(fresh)
    last = ApplicationVersion.objects.filter(application=fresh).aggregate(n=Max("number"))["n"] or 0
    return ApplicationVersion.objects.create(
        application=fresh, number=last + 1, data=data, sha256=snapshot_hash(data), created_by=user
    )
