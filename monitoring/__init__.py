"""The read side: figures about calls for the department and, later, the monitoring committee.
Reads every domain part; nothing below imports it."""
