"""The house keeps its shape (docs/architecture.md): imports flow one way between the parts,
the tables beside the step table name real steps, and the API accepts every field a step's
form asks for."""

import ast
from pathlib import Path

import pytest

from notifications.services import STEP_EMAILS
from tests import factories
from workflow.api import TransitionInputSerializer
from workflow.letters.receivers import LETTER_STEPS
from workflow.machine import STEPS, STEPS_BY_NAME

ROOT = Path(__file__).resolve().parent.parent

# Each part with its layer, lowest first (docs/architecture.md, "The parts"). A part may import
# its own layer's modules only where the row says so, and any part of a lower layer.
LAYERS = {
    "operations": -1,  # infrastructure: Django only, no domain part
    "grants": 0,
    "workflow": 1,
    "aftercare": 2,  # after the decision: reports, payments, recovery, closure
    "notifications": 3,
    "monitoring": 4,
    "pages": 5,
    "demo": 6,
    "config": 6,  # settings and the URL root join everything; config.api_errors is the exception below
}
# Lower modules that may be imported from anywhere: they import nothing of the parts above.
SHARED = {"config.api_errors", "config.celery", "config.security", "config.formats"}
# The audiences' pages do not borrow from each other: what two audiences share is in pages.forms.
AUDIENCES = {"pages.portal", "pages.department", "pages.committee"}


def _modules():
    for part in LAYERS:
        for path in (ROOT / part).rglob("*.py"):
            if "migrations" not in path.parts:
                yield part, path


def _imported(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _part(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LAYERS else None


def _violations():
    for part, path in _modules():
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for module in _imported(path):
            target = _part(module)
            if target is None or target == part or any(module.startswith(s) for s in SHARED):
                continue
            if LAYERS[target] >= LAYERS[part]:
                yield f"{name} imports {module}"
        audience = next((a for a in AUDIENCES if name.startswith(a)), None)
        for module in _imported(path):
            other = next((a for a in AUDIENCES if module.startswith(a)), None)
            if audience and other and other != audience:
                yield f"{name} imports {module}: another audience's pages"


# One worker for both: the second writes a probe into grants/ that the first would read.
@pytest.mark.xdist_group("house-imports")
def test_imports_flow_one_way():
    assert list(_violations()) == []


@pytest.mark.xdist_group("house-imports")
def test_the_import_rule_can_fail(tmp_path, monkeypatch):
    """A domain part that imports a page is reported (the rule is not vacuous)."""
    offender = ROOT / "grants" / "_house_probe.py"
    offender.write_text("from pages.forms import posted\n")
    try:
        assert "grants._house_probe imports pages.forms" in list(_violations())
    finally:
        offender.unlink()


@pytest.mark.parametrize("table", [STEP_EMAILS, LETTER_STEPS], ids=["e-mails", "letters"])
def test_tables_beside_the_step_table_name_real_steps(table):
    assert set(table) <= set(STEPS_BY_NAME)
    assert table, "an empty table would silently send nothing"


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_every_field_of_a_steps_form_is_accepted_by_the_api(step):
    """A field added to a step's form must reach the form through the API too, not be dropped."""
    application = factories.make_application()
    factories.complete_application(application)
    form = step.form(application=application)
    api_fields = set(TransitionInputSerializer().fields)
    for name in form.fields:
        if name.startswith("amount_"):  # the API sends {"amounts": {"2023": ...}}
            assert "amounts" in api_fields
            year = name.removeprefix("amount_")
            data = TransitionInputSerializer(data={"amounts": {year: "1.00"}})
            assert data.is_valid(), data.errors
            assert name in data.form_data()
        else:
            assert name in api_fields, f"{step.name}: the API drops the form's field {name!r}"
