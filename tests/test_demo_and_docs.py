"""The demo that `make demo` loads, and the generated workflow document."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants.models import Application, Call
from workflow.diagram import DOC_PATH, render


@pytest.mark.django_db
def test_the_demo_holds_applications_in_several_states_and_an_open_rehearsal_call(reference_data, capsys):
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert "niets gewijzigd" in capsys.readouterr().out
    the_call = Application.objects.filter(call__code="lokale-regie-2023-2025")
    statuses = set(the_call.values_list("status", flat=True))
    assert {"concept", "ingediend", "in_beoordeling", "aanvulling_gevraagd", "beslissing_voorgesteld",
            "toegekend", "gedeeltelijk_toegekend", "geweigerd"} <= statuses
    rehearsal = Call.objects.get(is_rehearsal=True)
    assert timezone.localdate(rehearsal.deadline) == timezone.localdate() + timedelta(days=14)
    assert rehearsal.accepts_submissions()
    assert rehearsal.applications.get().status == "concept"


def test_docs_workflow_is_generated_from_the_current_table():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python manage.py workflow_diagram"
