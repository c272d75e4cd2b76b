"""Sent after a transition's transaction has committed, never inside it.

Arguments: application_id, step (its name), event_id (the AuditEvent), actor_id.
"""

from django.dispatch import Signal

transition_committed = Signal()
