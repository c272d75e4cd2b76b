"""The demo that `make demo` loads and how it runs, and the generated and written documents."""

import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from grants.models import Application, Call
from monitoring.agreements import parliamentary_table, regiegebieden_on
from workflow.diagram import DOC_PATH, DOCS, render

ROOT = Path(__file__).resolve().parent.parent


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
    # The monitoring's states: the published agreements of 17/10/2022, regiegebieden in each state.
    table = parliamentary_table(Call.objects.get(code="lokale-regie-2023-2025"), date(2022, 10, 17),
                                date(2022, 12, 31))
    assert (str(table.flanders.municipalities), str(table.flanders.municipalities_forecast)) == (
        "200/300", "229/300")
    assert {r.agreement_status for r in regiegebieden_on(table.call, date(2023, 6, 1))} == {
        "afgesloten", "in_onderhandeling", None}
    assert User.objects.get(username="comite").groups.get().name == "monitoringscomite"

    # Issue 15's parties: example addresses (a few left out, for the dashboard), a member
    # municipality's user, a registration waiting, an extension in each call.
    from grants.models import Municipality, Registration
    from grants.selectors import applications_visible_to
    from workflow.models import SubmissionExtension

    assert Municipality.objects.filter(contact_email="").count() == 3
    assert list(applications_visible_to(User.objects.get(username="gemeente.kuurne")).filter(
        call=rehearsal)) == [rehearsal.applications.get()]
    assert Registration.objects.get().status == "aangemeld"
    assert SubmissionExtension.objects.count() == 2


def test_docs_workflow_is_generated_from_the_current_table():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python manage.py workflow_diagram"


@pytest.mark.parametrize("path", sorted(DOCS), ids=lambda path: path.name)
def test_every_lifecycle_doc_is_generated_from_its_current_table(path):
    assert path.read_text(encoding="utf-8") == DOCS[path](), "run: python manage.py workflow_diagram"


def make_demo_commands(**variables) -> str:
    """The commands `make demo` would run with these variables, without running them."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    return subprocess.run(["make", "-n", "demo", *assignments], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True).stdout


def test_the_demos_e_mail_links_follow_its_host_and_port():
    assert "SITE_URL=http://127.0.0.1:8000 " in make_demo_commands()
    assert "SITE_URL=http://0.0.0.0:8123 " in make_demo_commands(HOST="0.0.0.0", PORT="8123")
    assert "SITE_URL=https://regie.example.be " in make_demo_commands(PORT="8123",
                                                                      SITE_URL="https://regie.example.be")


def test_the_readme_documents_site_url():
    rows = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    assert any(row.startswith("| `SITE_URL` |") for row in rows)


def test_the_demo_shows_every_aftercare_state_and_a_closed_dossier(reference_data):
    from aftercare.models import (
        Closure,
        Recovery,
        RecoveryStatus,
        ReportStatus,
        Tranche,
        TrancheStatus,
        YearlyReport,
    )

    call_command("load_demo_data")
    assert set(YearlyReport.objects.values_list("status", flat=True)) == set(ReportStatus)
    assert set(Tranche.objects.values_list("status", flat=True)) == set(TrancheStatus)
    assert set(Recovery.objects.values_list("status", flat=True)) == set(RecoveryStatus)
    assert Closure.objects.get().application.applicant.name == "Waasland Werkt"
