"""Benchmark of the reminder sweep (not a test): builds 100.000 draft applications on the
configured database, then times one sweep and counts its SQL queries, twice: the first
sweep claims every reminder, the second finds them all claimed. It does so BENCH_ROUNDS
times (3 by default), from the same starting point each time, because the machine is shared
and one run says little.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_notify \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/reminders.py

Goal: under 10 seconds, and a query count that does not grow with the number of
applications. The e-mails themselves are sent afterwards by the workers, in batches; the
enqueueing of those batches is timed with the sweep, and shown apart (on an in-memory
broker unless CELERY_BROKER_URL is set; production and bench/run.py use Redis). The
figures are written to bench/results/reminders.txt; the last two lines are the summary.
"""

import os
import statistics
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

from config.celery import app  # noqa: E402
from grants.models import Application  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.sweep import run_sweep  # noqa: E402
from notifications.tasks import enqueue  # noqa: E402
from tests import factories  # noqa: E402

COUNT = int(os.environ.get("BENCH_APPLICATIONS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
AT = datetime(2023, 1, 8, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))  # the 7-day reminder
PREFIX = "BENCH"


def prepare(call) -> None:
    """Start from exactly COUNT benchmark drafts and no reminders claimed at AT."""
    Notification.objects.filter(offset_days=7, kind="herinnering_deadline").delete()
    have = Application.objects.filter(call=call, applicant__name__startswith=f"{PREFIX} ").count()
    for start in range(have, COUNT, 10000):
        factories.bulk_drafts(call, min(10000, COUNT - start), prefix=PREFIX)
    # Fresh planner statistics and no dead rows left by the reset above, as autovacuum would
    # give: every round then starts where the first run on a new database starts.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed_sweep(show_queries: bool) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        result = run_sweep(AT)
        claimed = time.perf_counter()
        tasks = enqueue(result.claimed_ids + result.resend_ids)
    done = time.perf_counter()
    if show_queries:
        for query in queries.captured_queries:
            print(f"  {query['time']} s  {' '.join(query['sql'].split())[:90]}")
    # No worker runs here: drop the queued sends, so none is ever delivered from the benchmark.
    app.control.purge()
    return {"seconds": done - started, "claim": claimed - started, "enqueue": done - claimed,
            "cpu": time.process_time() - cpu, "queries": len(queries), "claimed": len(result.claimed_ids),
            "tasks": tasks}


def summary(label: str, runs: list[dict]) -> str:
    median = statistics.median(r["seconds"] for r in runs)
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    parts = " / ".join(f"{statistics.median(r[k] for r in runs):.2f}" for k in ("claim", "enqueue", "cpu"))
    queries = sorted({r["queries"] for r in runs})
    return (f"{label} {median:.2f} s median of {len(runs)} ({each}); claim / enqueue / Python CPU "
            f"{parts} s; {'/'.join(map(str, queries))} SQL queries, {runs[-1]['claimed']} claimed, "
            f"{runs[-1]['tasks']} send tasks")


def main() -> None:
    call_command("migrate", verbosity=0, skip_checks=True)
    call = factories.the_call()
    load = os.getloadavg()
    first, second = [], []
    for round_ in range(ROUNDS):
        prepare(call)
        first.append(timed_sweep(show_queries=round_ == 0))
        second.append(timed_sweep(show_queries=round_ == 0))
    drafts = Application.objects.filter(call=call, status="concept").count()
    after = os.getloadavg()
    lines = [
        f"Reminder sweep benchmark ({connection.vendor}, database {connection.settings_dict['NAME']}, "
        f"broker {app.conf.broker_url.split(':', 1)[0]})",
        f"draft applications: {drafts}",
        f"machine: {os.cpu_count()} CPUs, load average (1 min) {load[0]:.1f} before the run, "
        f"{after[0]:.1f} after it",
        summary("first sweep (claims everything):", first),
        summary("second sweep (all claimed):     ", second),
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "reminders.txt").write_text(text)


if __name__ == "__main__":
    main()
