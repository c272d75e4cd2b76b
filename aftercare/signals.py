"""Signals the aftercare sends, always after the commit.

step_committed: a step of one of the aftercare's lifecycles was taken.
    Arguments: lifecycle (its name), object_id, application_id, step (its name), event_id
    (the AftercareEvent), actor_id.
"""

from django.dispatch import Signal

step_committed = Signal()
