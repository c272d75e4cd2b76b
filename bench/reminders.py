"""Benchmark of the reminder sweep (not a test): builds 100.000 draft applications on the
configured database, then times one sweep and counts its SQL queries, twice: the first
sweep claims every reminder, the second finds them all claimed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_notify .venv/bin/python bench/reminders.py

Goal: under 10 seconds, and a query count that does not grow with the number of
applications. The e-mails themselves are sent afterwards by the workers, in batches; the
enqueueing of those batches is timed with the sweep (on an in-memory broker unless
CELERY_BROKER_URL is set). The figures are written to bench/results/reminders.txt.
"""

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from grants.models import Application  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.sweep import run_sweep  # noqa: E402
from notifications.tasks import enqueue  # noqa: E402
from tests import factories  # noqa: E402

COUNT = int(os.environ.get("BENCH_APPLICATIONS", "100000"))
AT = datetime(2023, 1, 8, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))  # the 7-day reminder
PREFIX = "BENCH"


def prepare(call) -> None:
    """Start from exactly COUNT benchmark drafts and no reminders claimed at AT."""
    Notification.objects.filter(offset_days=7, kind="herinnering_deadline").delete()
    have = Application.objects.filter(call=call, applicant__name__startswith=f"{PREFIX} ").count()
    for start in range(have, COUNT, 10000):
        factories.bulk_drafts(call, min(10000, COUNT - start), prefix=PREFIX)
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute("ANALYZE")


def timed_sweep() -> tuple[float, int, int]:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = run_sweep(AT)
        enqueue(result.claimed_ids + result.resend_ids)
    for query in queries.captured_queries:
        print(f"  {query['time']} s  {' '.join(query['sql'].split())[:90]}")
    return time.perf_counter() - started, len(queries), len(result.claimed_ids)


def main() -> None:
    call_command("migrate", verbosity=0, skip_checks=True)
    call = factories.the_call()
    prepare(call)
    drafts = Application.objects.filter(call=call, status="concept").count()
    load = os.getloadavg()
    first = timed_sweep()
    second = timed_sweep()
    lines = [
        f"Reminder sweep benchmark ({connection.vendor}, database {connection.settings_dict['NAME']})",
        f"draft applications: {drafts}",
        f"machine: {os.cpu_count()} CPUs, load average before the run {load[0]:.1f} (1 min), "
        f"{load[1]:.1f} (5 min)",
        f"first sweep (claims everything): {first[0]:.2f} s, {first[1]} SQL queries, {first[2]} claimed",
        f"second sweep (all claimed):      {second[0]:.2f} s, {second[1]} SQL queries, {second[2]} claimed",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "reminders.txt").write_text(text)


if __name__ == "__main__":
    main()
