"""manage.py backup / restore: a restored system holds exactly what was backed up, and a
damaged or incomplete backup is refused with a Dutch sentence before anything is changed."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from config.celery import app as celery_app
from grants.models import Application, ApplicationStatus, Municipality
from operations import database
from operations.manifest import describe, sha256_of
from tests import factories
from tests.lifecycle import make_cast, place_in
from workflow.models import ApplicationVersion, DecisionLetter
from workflow.snapshots import snapshot_hash

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows


def populate() -> None:
    """An application in every state, with its attachments; two decided through the real
    workflow, so versions, audit trail, e-mails and decision letters exist too."""
    call = factories.the_call()
    big = (("Kortrijk", "Kuurne", "Harelbeke"), ("Gent", "Merelbeke"))  # enough inhabitants to submit
    taken = {name for members in big for name in members}
    names = iter(Municipality.objects.exclude(name__in=taken).order_by("nis_code")
                 .values_list("name", flat=True))
    cast = None
    celery_app.conf.task_always_eager = True  # the letters are made as the worker would
    try:
        for outcome, members in zip(("toekenning", "weigering"), big, strict=True):
            factories.decide(factories.make_application(call, members=members), outcome)
    finally:
        celery_app.conf.task_always_eager = False
    for status in ApplicationStatus.values:
        application = factories.make_application(call, members=(next(names), next(names)))
        cast = cast or make_cast(application.applicant)
        place_in(status, cast, application)


def live_state() -> tuple[dict, dict]:
    return database.counts(database.tables()), describe(Path(settings.MEDIA_ROOT))


@pytest.fixture
def empty_database():
    """A second, empty PostgreSQL database beside the test database, dropped afterwards."""
    params = {k: v for k, v in database._pg_settings().items() if k != "dbname"}
    name = f"{connection.settings_dict['NAME']}_herstel"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**params, "dbname": name}
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_elsewhere(backup: Path, target: dict, media: Path) -> subprocess.CompletedProcess:
    """What an operator runs on the new server: the restore command against another database."""
    url = f"postgres://{target.get('user', '')}:{target.get('password', '')}@{target.get('host', '')}:" \
          f"{target.get('port', '')}/{target['dbname']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    return subprocess.run([sys.executable, "manage.py", "restore", str(backup)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def rows(target: dict, sql: str) -> list[tuple]:
    with psycopg.connect(**target) as restored:
        return restored.execute(sql).fetchall()


@pytest.mark.postgres
def test_a_restored_system_holds_every_row_file_version_and_letter(tmp_path, empty_database):
    populate()
    assert DecisionLetter.objects.count() == 2 and ApplicationVersion.objects.count() == 2
    counts, files = live_state()
    call_command("backup", tmp_path / "backup")

    media = tmp_path / "nieuwe-server" / "uploads"
    result = restore_elsewhere(tmp_path / "backup", empty_database, media)
    assert result.returncode == 0, result.stderr
    assert "teruggezet" in result.stdout

    restored_counts = {table: rows(empty_database, f'SELECT COUNT(*) FROM "{table}"')[0][0]
                       for table in counts}
    assert restored_counts == counts
    assert counts[Application._meta.db_table] == len(ApplicationStatus.values) + 2
    assert describe(media) == files and files
    versions = rows(empty_database, "SELECT application_id, number, sha256, data FROM "
                                    f"{ApplicationVersion._meta.db_table} ORDER BY 1, 2")
    original = ApplicationVersion.objects.order_by("application_id", "number")
    assert [v[:3] for v in versions] == list(original.values_list("application_id", "number", "sha256"))
    assert all(snapshot_hash(data) == sha for _, _, sha, data in versions)  # the content itself came back
    letters = rows(empty_database,
                   f"SELECT application_id, sha256, file FROM {DecisionLetter._meta.db_table}")
    assert sorted(letters) == sorted(DecisionLetter.objects.values_list("application_id", "sha256", "file"))
    assert all(sha256_of(media / name) == sha for _, sha, name in letters)


@pytest.fixture
def backup(tmp_path):
    """A backup of a small system, after which the live system changed: a restore would undo that."""
    call = factories.the_call()
    factories.make_application(call, members=("Kortrijk", "Kuurne"))
    call_command("backup", tmp_path / "backup")
    factories.make_application(call, members=("Gent", "Merelbeke"))
    return tmp_path / "backup"


def refused(backup: Path, *words: str) -> None:
    before = live_state()
    with pytest.raises(CommandError) as refusal:
        call_command("restore", backup, force=True)
    message = str(refusal.value)
    assert message.startswith("Niets teruggezet: "), message
    assert all(word in message for word in words), message
    assert "Traceback" not in message and "Error" not in message
    assert live_state() == before  # nothing changed: not the database, not one upload
    assert Application.objects.count() == 2


def an_upload(backup: Path) -> Path:
    return next(p for p in sorted((backup / "media").rglob("*")) if p.is_file())


def test_a_file_changed_by_one_byte_is_refused(backup):
    upload = an_upload(backup)
    data = bytearray(upload.read_bytes())
    data[len(data) // 2] ^= 1
    upload.write_bytes(bytes(data))
    refused(backup, "beschadigd", upload.relative_to(backup).as_posix(), "SHA-256")


def test_a_missing_file_is_refused(backup):
    upload = an_upload(backup)
    upload.unlink()
    refused(backup, "onvolledig", upload.relative_to(backup).as_posix(), "ontbreekt")


def test_a_missing_database_dump_is_refused(backup):
    (backup / database.FILES[connection.vendor]).unlink()
    refused(backup, "onvolledig", "ontbreekt")


def test_a_missing_manifest_is_refused(backup):
    (backup / "manifest.json").unlink()
    refused(backup, "manifest.json ontbreekt")


def test_an_unreadable_manifest_is_refused(backup):
    manifest = backup / "manifest.json"
    manifest.write_text(manifest.read_text()[:-40])
    refused(backup, "manifest.json", "beschadigd en niet leesbaar")


def test_a_system_in_use_is_not_overwritten_without_force(backup):
    with pytest.raises(CommandError, match="de databank is niet leeg .* --force"):
        call_command("restore", backup)
    assert Application.objects.count() == 2


def test_force_replaces_the_system_with_the_backup(backup):
    call_command("restore", backup, force=True)
    assert Application.objects.count() == 1
    assert describe(Path(settings.MEDIA_ROOT)) == {
        name.removeprefix("media/"): info
        for name, info in describe(backup).items() if name.startswith("media/")}


def test_a_backup_goes_into_a_new_directory_only(backup):
    with pytest.raises(CommandError, match="is niet leeg"):
        call_command("backup", backup)
