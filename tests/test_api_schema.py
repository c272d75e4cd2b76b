"""docs/openapi.yaml is the schema the code generates: regenerate it when the API changes."""

from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def test_the_committed_schema_is_up_to_date_and_valid(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == COMMITTED.read_text(), (
        "docs/openapi.yaml is out of date: .venv/bin/python manage.py spectacular --file docs/openapi.yaml")


def test_every_error_the_api_gives_is_described_with_one_shape():
    text = COMMITTED.read_text()
    assert "#/components/schemas/Error" in text and "'409':" in text
