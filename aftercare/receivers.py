"""The aftercare's reaction to the workflow: an approved decision with money plans the
tranches of every granted year. The signal comes after the commit; planning is idempotent,
so a repeated signal (or `manage.py plan_tranches`) plans nothing twice."""

from django.dispatch import receiver

from aftercare.services import plan_tranches
from workflow.signals import transition_committed


@receiver(transition_committed, dispatch_uid="aftercare.plan_tranches")
def on_decision(sender, application_id, step, event_id, actor_id, **kwargs):
    if step == "approve_decision":
        plan_tranches(application_id, actor_id)
