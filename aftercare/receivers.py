"""The aftercare's reaction to the workflow: an approved decision with money plans the
tranches of every granted year. The signal comes after the commit; planning is idempotent,
so a repeated signal (or `manage.py plan_tranches`) plans nothing twice. A failure here must
not turn the committed decision into an error page: it is logged, and the command repairs it."""

import logging

from django.dispatch import receiver

from aftercare.services import plan_tranches
from workflow.signals import transition_committed

logger = logging.getLogger(__name__)


@receiver(transition_committed, dispatch_uid="aftercare.plan_tranches")
def on_decision(sender, application_id, step, event_id, actor_id, **kwargs):
    if step != "approve_decision":
        return
    try:
        plan_tranches(application_id, actor_id)
    except Exception:  # noqa: BLE001 - the decision stands; `manage.py plan_tranches` plans them later
        logger.exception("schijven van aanvraag %s niet gepland: voer 'manage.py plan_tranches' uit",
                         application_id)
