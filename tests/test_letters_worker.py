"""A real Celery worker on Redis and PostgreSQL: approving a decision makes the letter, and
a batch started from the department's page ends as a ZIP, without anything run in-process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from grants.roles import Role
from tests import factories
from tests.test_letters import decided, pdf_text
from workflow.models import DecisionLetter, LetterBatch, LetterBatchStatus

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent


def start_worker(log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                        f"/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT), "VAR_DIR": str(log.parent), "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel",
               "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)


def wait_for(find, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (found := find()) is not None:
            return found
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


def test_the_worker_makes_the_letter_after_approval_and_the_batch_zip(client, reference_data, tmp_path):
    worker = start_worker(tmp_path / "worker.log")
    try:
        call = factories.the_call()
        application = decided(call, "gedeeltelijke_toekenning")  # approval enqueues after the commit
        letter = wait_for(lambda: DecisionLetter.objects.filter(application=application).first())
        assert "€ 41.234,56" in pdf_text(letter.file.read())

        client.force_login(factories.make_user(Role.BESLISSER))
        response = client.post(f"/departement/oproepen/{call.code}/brieven/")
        batch = LetterBatch.objects.get()
        assert response.url == f"/departement/brieven/{batch.pk}/"
        wait_for(lambda: LetterBatch.objects.filter(pk=batch.pk, status=LetterBatchStatus.DONE).first())
        assert DecisionLetter.objects.count() == 1  # the batch reused the stored letter
    finally:
        worker.terminate()
        worker.wait(timeout=30)
