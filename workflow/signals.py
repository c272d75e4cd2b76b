"""Signals the workflow sends, always after the commit, never inside a transaction.

transition_committed: a step of the state machine was taken.
    Arguments: application_id, step (its name), event_id (the AuditEvent), actor_id.
letter_ready: the decision letter of an application exists (after approve_decision).
    Arguments: application_id, letter_id.
dossier_assigned: a dossierbehandelaar was assigned to a dossier (outside the step table).
    Arguments: application_id, event_id (the AuditEvent of kind assignment), actor_id.
"""

from django.dispatch import Signal

transition_committed = Signal()
letter_ready = Signal()
dossier_assigned = Signal()
