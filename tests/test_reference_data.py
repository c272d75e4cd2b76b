"""A reference file with a bad row is refused with a message naming the row, and loads nothing.

The department adds its next call to reference.json; a mistake in it must not leave half a
load behind, nor surface only later as a server error at the first submission.
"""

import json
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from grants.models import Call, Municipality, PolicyPriority
from grants.reference_data import DATA_DIR

pytestmark = pytest.mark.django_db

CSV = "municipalities_flanders_2022.csv"


@pytest.fixture
def data_dir(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    return tmp_path


def edit_reference(data_dir, change) -> None:
    path = data_dir / "reference.json"
    reference = json.loads(path.read_text(encoding="utf-8"))
    change(reference)
    path.write_text(json.dumps(reference, ensure_ascii=False), encoding="utf-8")


def next_call(reference, **changes) -> None:
    """Append a second call, like the department would for 2026–2028."""
    call = dict(reference["calls"][0], code="lokale-regie-2026-2028", dossier_prefix="LR-2026",
                opens_at="2025-10-01T00:00:00", deadline="2026-01-15T23:59:59")
    call.update(changes)
    reference["calls"].append(call)


def refused(data_dir) -> str:
    with pytest.raises(CommandError) as error:
        call_command("load_reference_data", data_dir=data_dir)
    return str(error.value)


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: next_call(r, dossier_prefix="LR-2023"),
     "reference.json, calls nr. 2: dossier_prefix: Er bestaat al een Oproep met eenzelfde "
     "Voorvoegsel dossiernummer."),
    (lambda r: next_call(r, deadline="2025-09-01T00:00:00"),
     "reference.json, calls nr. 2: deadline: De deadline ligt voor de opening van de oproep."),
    (lambda r: next_call(r, priorities=["WSE-LR1", "WSE-LR9"]),
     "reference.json, calls nr. 2: ongeldige waarde (onbekende beleidsprioriteit: WSE-LR9)."),
    (lambda r: next_call(r, reminder_offsets_days=[14, -1]),
     "reference.json, calls nr. 2: reminder_offsets_days: Geef de herinneringen als een lijst"),
    (lambda r: next_call(r, deadline="15/01/2026"),
     "reference.json, calls nr. 2: ongeldige waarde (Invalid isoformat string: '15/01/2026')."),
    (lambda r: next_call(r, payment_terms=[dict(r["calls"][0]["payment_terms"][0], percentage="70")]),
     "reference.json, calls nr. 2: De schijven van het betalingsschema tellen op tot 70 %, "
     "niet tot 100 %."),
    (lambda r: next_call(r, payment_terms=[dict(r["calls"][0]["payment_terms"][0], expected_month=13)]),
     "reference.json, calls nr. 2: expected_month: Zorg ervoor dat deze waarde hoogstens 12 is."),
    (lambda r: next_call(r, report_due_dates=[{"year": 2027, "due_on": "2028-03-31"}]),
     "reference.json, calls nr. 2: ongeldige waarde (jaarverslag 2027: geen werkingsjaar van de oproep)."),
    (lambda r: next_call(r, report_reminder_days=[30, 0]),
     "reference.json, calls nr. 2: report_reminder_days: Geef de herinneringen voor het jaarverslag"),
    (lambda r: r["priorities"][0].pop("title"),
     "reference.json, priorities nr. 1: het veld 'title' ontbreekt."),
])
def test_a_bad_row_on_a_first_load_is_named_and_nothing_is_loaded(empty_database, data_dir, change, message):
    edit_reference(data_dir, change)
    assert refused(data_dir).startswith(f"Niets geladen: {message}")
    assert not Municipality.objects.exists() and not PolicyPriority.objects.exists()
    assert not Call.objects.exists()


def test_a_bad_municipality_line_names_its_line_and_changes_nothing(reference_data, data_dir):
    lines = (data_dir / CSV).read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Aartselaar", "Aartselaar-Nieuw")   # a change that would load
    lines[3] = lines[3].replace(",2022", ",tweeduizend")
    (data_dir / CSV).write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert refused(data_dir) == (
        f"Niets geladen: {CSV}, regel 4: ongeldige waarde "
        "(invalid literal for int() with base 10: 'tweeduizend').")
    assert Municipality.objects.filter(name="Aartselaar").exists()


def test_a_reference_file_that_is_no_json_is_refused(data_dir):
    (data_dir / "reference.json").write_text('{"provinces": [', encoding="utf-8")
    assert refused(data_dir).startswith("Niets geladen: reference.json: ongeldige waarde (")


def test_a_good_next_call_loads_beside_the_first(reference_data, data_dir, capsys):
    edit_reference(data_dir, next_call)
    call_command("load_reference_data", data_dir=data_dir)
    assert "oproepen: 1 aangemaakt" in capsys.readouterr().out
    second = Call.objects.get(code="lokale-regie-2026-2028")
    assert second.dossier_prefix == "LR-2026"
    assert list(second.priorities.values_list("code", flat=True)) == [
        "WSE-LR1", "WSE-LR2", "WSE-LR3", "WSE-LR4"]
    assert second.criteria.count() == Call.objects.get(code="lokale-regie-2023-2025").criteria.count()


def test_a_folder_without_the_files_is_refused_by_name(empty_database, tmp_path):
    assert refused(tmp_path) == (
        f"Niets geladen: reference.json: bestand niet gevonden ({tmp_path / 'reference.json'}).")
    assert not Municipality.objects.exists()


def test_the_payment_schedule_is_added_to_an_older_call_and_then_left_to_the_department(
        reference_data, data_dir):
    call = Call.objects.get(code="lokale-regie-2023-2025")
    assert [(t.kind, t.percentage, t.trigger) for t in call.payment_terms.all()] == [
        ("voorschot", Decimal("60.00"), "beslissing"), ("saldo", Decimal("40.00"), "jaarverslag_goedgekeurd")]
    assert call.payment_terms.last().expected_date(2023) == date(2024, 6, 1)

    call.payment_terms.all().delete()              # a database from before the schedule existed
    before = call.updated_at
    call_command("load_reference_data", data_dir=data_dir)
    assert call.payment_terms.count() == 2
    # The call changed: a page kept under its updated_at (grants.contents_cache) shows it at once.
    assert Call.objects.get(pk=call.pk).updated_at > before
    unchanged = Call.objects.get(pk=call.pk).updated_at
    call_command("load_reference_data", data_dir=data_dir)
    assert Call.objects.get(pk=call.pk).updated_at == unchanged

    call.payment_terms.filter(kind="voorschot").update(percentage=Decimal("100"))
    call.payment_terms.filter(kind="saldo").delete()    # the department's own schedule
    call_command("load_reference_data", data_dir=data_dir)
    assert list(call.payment_terms.values_list("percentage", flat=True)) == [Decimal("100")]


def test_the_report_due_dates_are_added_to_an_older_call_once(reference_data, data_dir):
    call = Call.objects.get(code="lokale-regie-2023-2025")
    assert [(d.year, d.due_on) for d in call.report_due_dates.all()] == [
        (2023, date(2024, 3, 31)), (2024, date(2025, 3, 31)), (2025, date(2026, 3, 31))]
    call.report_due_dates.all().delete()           # a database from before the due dates existed
    call_command("load_reference_data", data_dir=data_dir)
    call_command("load_reference_data", data_dir=data_dir)
    assert call.report_due_dates.count() == 3
