"""Tables keyed by step name name real steps, so a renamed step cannot silently lose what
the table gives it (the step page's panels)."""

from pages.department.steps import PANELS
from workflow.machine import STEPS_BY_NAME


def test_every_panel_is_for_a_step_of_the_machine():
    assert set(PANELS) - set(STEPS_BY_NAME) == set()
