"""A real Celery worker on Redis against the test database: a sweep over 1,000 draft
applications, the worker killed (SIGKILL) half-way and started again, and still every due
reminder sent exactly once.

Deliveries are counted with notifications.backends.DatabaseBackend, which records each
e-mail in the database in the same transaction that marks the notification sent: a worker
killed between sending and marking rolls back both, so a count of recorded e-mails is an
exact count of deliveries, across processes. (With SMTP that window cannot be closed; see
notifications/services.py for the choice made there.)
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.backends import DatabaseBackend
from notifications.models import Notification, RecordedEmail, Status
from notifications.sweep import run_sweep
from tests import factories

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DRAFTS = 1000
DUE_AT = "2023-01-14T09:00:00+01:00"  # the reminder one day before the deadline
VISIBILITY_TIMEOUT = 2  # seconds before Redis gives a dead worker's tasks to another
ROOT = Path(__file__).resolve().parent.parent


class SlowDatabaseBackend(DatabaseBackend):
    """A few milliseconds per e-mail, like a real mail server, so the kill lands half-way."""

    def send_messages(self, email_messages) -> int:
        time.sleep(0.002 * len(email_messages))
        return super().send_messages(email_messages)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(log: Path) -> subprocess.Popen:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "EMAIL_BACKEND": f"{__name__}.SlowDatabaseBackend", "VAR_DIR": str(log.parent),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2",
               "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    # A session of its own, so SIGKILL reaches the pool's children too (as when a machine dies).
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    worker.wait(timeout=20)


def wait_until(condition, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; the worker said:\n{log.read_text()[-4000:]}")
        time.sleep(0.05)


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield
    client.flushdb()


def test_a_killed_worker_still_ends_with_every_reminder_sent_exactly_once(broker, tmp_path):
    from notifications.tasks import sweep

    call = factories.the_call()
    drafts = factories.bulk_drafts(call, DRAFTS, prefix="WERKER")
    log = tmp_path / "worker.log"
    worker = start_worker(log)
    try:
        sweep.delay(at=DUE_AT)
        wait_until(lambda: RecordedEmail.objects.count() >= DRAFTS // 4, 60, "the first deliveries", log)
        kill(worker)
        at_kill = RecordedEmail.objects.count()
        assert at_kill < DRAFTS, "the worker finished before it was killed; nothing was tested"

        time.sleep(VISIBILITY_TIMEOUT + 1)
        worker = start_worker(log)
        wait_until(lambda: not Notification.objects.exclude(status=Status.SENT).exists(), 90,
                   "all reminders sent after the restart", log)
        time.sleep(1)  # room for any duplicate delivery to show up
    finally:
        kill(worker, signal.SIGTERM)
        kill(worker)

    assert Notification.objects.filter(status=Status.SENT).count() == DRAFTS
    recorded = list(RecordedEmail.objects.values_list("message_id", "recipients"))
    assert len(recorded) == DRAFTS, log.read_text()[-3000:]
    assert len({message_id for message_id, _to in recorded}) == DRAFTS
    assert {to for _id, to in recorded} == {d.contact_email for d in drafts}
    # A later sweep at the same moment finds everything claimed already.
    from django.utils.dateparse import parse_datetime

    assert run_sweep(parse_datetime(DUE_AT)).claimed_ids == []
