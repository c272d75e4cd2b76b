"""Restarts under load:  .venv/bin/python bench/restarts.py   (or: make restarts)

A deadline-night load (bench/deadline_night.py's applicants, at a quick pace) runs against
gunicorn with the production settings and a real Celery worker, and in the middle, one after
the other: PostgreSQL restarts, Redis (broker, cache and sessions) shuts down and comes back,
and the Celery worker is killed with SIGKILL and started again. Afterwards it checks that every
submission a client saw confirmed is in the database, whole, with its receipt e-mail recorded
exactly once (notifications.backends.DatabaseBackend), counts the 503s with Retry-After during
each outage, any response with a stack trace, and the time each part took to answer again.

Nothing shared is touched: it creates its own PostgreSQL cluster (pg_createcluster, port 5499)
and its own redis-server (port 6399), both on 127.0.0.1, and removes them at the end. Every
loop is bounded in count and time. Not run in CI; results go to docs/reliability.md.
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deadline_night import PLAN_TEXT, Browser, free_port, prepare, start_gunicorn, stop_gunicorn  # noqa: E402
from bench.run import bench_env, machine  # noqa: E402

PG_VERSION = os.environ.get("RESTARTS_PG_VERSION") or sorted(os.listdir("/etc/postgresql"))[-1]
PG_CLUSTER, PG_PORT, REDIS_PORT = "restarts", 5499, 6399
STEP_TIMEOUT = 60  # seconds: no single restart, start or wait may take longer
RETRY_LIMIT = 8  # a client retries a refused submission this many times at most


def sh(*command: str, timeout: float = STEP_TIMEOUT) -> None:
    subprocess.run(command, check=True, timeout=timeout, capture_output=True)


def wait_until(condition, timeout: float = STEP_TIMEOUT, every: float = 0.1) -> float | None:
    """Seconds until condition() held, or None when it did not within timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if condition():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001 - not yet: the part is still down
            pass
        time.sleep(every)
    return None


class Services:
    """Our own PostgreSQL cluster, Redis server and Celery worker."""

    def __init__(self, var_dir: str):
        self.var_dir, self.worker = var_dir, None
        self.redis_command = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
                              "--daemonize", "yes", "--save", "", "--appendonly", "yes",
                              "--dir", var_dir, "--logfile", os.path.join(var_dir, "redis.log")]

    def start(self) -> None:
        self.stop()  # what an interrupted earlier run of ours left behind
        sh("pg_createcluster", PG_VERSION, PG_CLUSTER, "--port", str(PG_PORT), "--start",
           "--", "--auth=trust")
        sh("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc", "CREATE DATABASE restarts")
        self.start_redis()

    def start_redis(self) -> None:
        sh(*self.redis_command)
        wait_until(lambda: subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"],
                                          capture_output=True, timeout=5).stdout.strip() == b"PONG")

    def stop_redis(self) -> None:
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True,
                       timeout=STEP_TIMEOUT)

    def restart_postgres(self) -> None:
        sh("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "restart", "-m", "fast")

    def start_worker(self) -> None:
        log = open(os.path.join(self.var_dir, "worker.log"), "a")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2",
             "--loglevel", "WARNING", "--hostname", f"restarts@{os.getpid()}"],
            cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log, start_new_session=True)

    def kill_worker(self) -> None:
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=STEP_TIMEOUT)

    def stop(self) -> None:
        if self.worker and self.worker.poll() is None:
            self.kill_worker()
        self.stop_redis()
        subprocess.run(["pg_dropcluster", PG_VERSION, PG_CLUSTER, "--stop"], capture_output=True,
                       timeout=STEP_TIMEOUT)


class Client(Browser):
    """An applicant's browser (bench/deadline_night.py) that also keeps what a person would
    notice of the last answer: its status, its Retry-After and its text."""

    last = (0, None, b"")

    def send(self, method: str, path: str, form: dict | None = None) -> int:
        self.last = (0, None, b"")
        real = self.conn.getresponse

        def keeping():
            response = real()
            body = response.read()
            self.last = (response.status, response.headers.get("Retry-After"), body)
            response.read = lambda *a: body
            return response

        self.conn.getresponse = keeping
        try:
            return super().send(method, path, form)
        finally:
            self.conn.getresponse = real


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.responses: list[tuple[float, str, int, bool]] = []  # (time, kind, status, Retry-After)
        self.traces = 0
        self.confirmed: list[int] = []
        self.refused_submits = Counter()

    def add(self, kind: str, client: Client, status: int) -> None:
        code, retry_after, body = client.last
        with self.lock:
            self.responses.append((time.monotonic(), kind, status, retry_after is not None))
            self.traces += b"Traceback" in body or b"Error at /" in body


def request(client: Client, log: Log, kind: str, method: str, path: str, form=None) -> int:
    status = client.send(method, path, form)
    log.add(kind, client, status)
    return status


def applicant(client: Client, ids: list[int], log: Log, stop: float, pause: float) -> None:
    """Save each plan twice, submit it (again after a refusal, as a person would), read the receipt."""
    for pk in ids:
        for n in range(2):
            if time.monotonic() > stop:
                return
            time.sleep(pause)
            request(client, log, "plan page", "GET", f"/aanvragen/{pk}/plan/")
            request(client, log, "save plan", "POST", f"/aanvragen/{pk}/plan/",
                    {"environment_analysis": PLAN_TEXT.format(n=n), "vision": "Iedereen aan het werk."})
        for _ in range(RETRY_LIMIT):
            time.sleep(pause)
            request(client, log, "submit page", "GET", f"/aanvragen/{pk}/indienen/")
            status = request(client, log, "submit", "POST", f"/aanvragen/{pk}/indienen/",
                             {"declaration": "on"})
            if status == 302:
                with log.lock:
                    log.confirmed.append(pk)
                request(client, log, "receipt", "GET", f"/aanvragen/{pk}/ontvangstbewijs/")
                break
            log.refused_submits[status] += 1
            time.sleep(1.0)  # the page said to try again later; a hurried person waits a second


def health(port: int, part: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", f"/healthz/{part}",
                           headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        return connection.getresponse().status == 200
    finally:
        connection.close()


def outage(name: str, part: str, port: int, log: Log, break_it, repair, down_seconds: float) -> dict:
    """Break a part, keep it down a moment, repair it; then time until its health path says 200."""
    started = time.monotonic()
    break_it()
    time.sleep(down_seconds)
    repair()
    recovered = wait_until(lambda: health(port, part))
    ended = time.monotonic()
    time.sleep(2)  # requests already under way when it came back still count to this outage
    with log.lock:
        during = [r for r in log.responses if started <= r[0] <= ended + 2]
    return {"outage": name, "down_seconds": down_seconds,
            "recovered_after_s": None if recovered is None else round(ended - started, 2),
            "requests": len(during), "503_with_retry_after": sum(r[2] == 503 and r[3] for r in during),
            "other_failures": dict(Counter(f"{r[1]}: {r[2]}" for r in during if r[2] >= 400 and r[2] != 503))}


def settle_emails(services: Services) -> dict:
    """Let the worker send what is queued; then the sweep 11 minutes later resends lost claims."""
    import time_machine
    from django.utils import timezone

    from notifications.models import Kind, Notification, Status
    from notifications.sweep import STALE_AFTER
    from notifications.tasks import sweep

    def open_receipts():
        return Notification.objects.filter(kind=Kind.RECEIPT).exclude(status=Status.SENT).count()

    waited = wait_until(lambda: open_receipts() == 0, timeout=30)
    before_sweep = open_receipts()
    if before_sweep:
        with time_machine.travel(timezone.now() + STALE_AFTER + STALE_AFTER / 10):
            sweep.apply()  # here, as beat would run it; the sends go to the worker
        wait_until(lambda: open_receipts() == 0, timeout=STEP_TIMEOUT)
    return {"settled_without_sweep_s": waited, "left_for_the_sweep": before_sweep,
            "still_unsent": open_receipts()}


def verify(all_ids: list[int], confirmed: list[int]) -> dict:
    from grants.models import Application
    from notifications.models import RecordedEmail
    from workflow.models import ApplicationVersion, AuditEvent

    submitted = Application.objects.filter(pk__in=all_ids, status="ingediend")
    numbers = dict(submitted.values_list("pk", "dossier_number"))
    versions = Counter(ApplicationVersion.objects.filter(application_id__in=all_ids)
                       .values_list("application_id", flat=True))
    events = Counter(AuditEvent.objects.filter(application_id__in=all_ids, transition="submit")
                     .values_list("application_id", flat=True))
    receipts = Counter(s.rsplit("(", 1)[-1].rstrip(")") for s in RecordedEmail.objects
                       .filter(subject__startswith="Ontvangstbevestiging").values_list("subject", flat=True))
    whole = [pk for pk in numbers if versions[pk] == 1 and events[pk] == 1 and numbers[pk]]
    return {
        "applications": len(all_ids), "confirmed_to_a_client": len(set(confirmed)),
        "submitted_in_database": len(numbers),
        "confirmed_but_missing": len(set(confirmed) - set(numbers)),
        "half_done": len(set(versions) | set(events) | set(numbers)) - len(whole),
        "receipts_exactly_once": sum(receipts[numbers[pk]] == 1 for pk in numbers),
        "receipts_missing": sum(receipts[numbers[pk]] == 0 for pk in numbers),
        "receipts_twice_or_more": sum(receipts[numbers[pk]] > 1 for pk in numbers),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--applications", type=int, default=6, help="per client")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds before each request")
    parser.add_argument("--down-seconds", type=float, default=3.0,
                        help="how long Redis and the worker stay down")
    parser.add_argument("--max-seconds", type=float, default=150, help="bound on the load")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="restarts-")
    os.environ.update(bench_env(var_dir))
    os.environ.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/restarts",
                      CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
                      EMAIL_BACKEND="notifications.backends.DatabaseBackend", AUTH_USER_CACHE_SECONDS="60")
    services = Services(var_dir)
    server = None
    try:
        services.start()
        for command in (["migrate"], ["collectstatic"]):
            subprocess.run([sys.executable, "manage.py", *command, "--noinput", "-v0"], cwd=ROOT, check=True,
                           timeout=300)
        work = prepare(args.clients, args.applications, prefix="herstart")
        port = free_port()
        server = start_gunicorn(port)
        services.start_worker()
        wait_until(lambda: health(port, "worker"))
        log = Log()
        clients = [Client(port) for _ in work]
        logged_in = sum(c.log_in(username) for c, (username, _) in zip(clients, work, strict=True))
        stop = time.monotonic() + args.max_seconds
        threads = [threading.Thread(target=applicant, args=(c, ids, log, stop, args.pause))
                   for c, (_, ids) in zip(clients, work, strict=True)]
        for thread in threads:
            thread.start()
        time.sleep(8)
        outages = [
            outage("PostgreSQL restart (pg_ctlcluster restart -m fast)", "database", port, log,
                   services.restart_postgres, lambda: None, 0),
            outage("Redis shutdown nosave, down, started again", "broker", port, log,
                   services.stop_redis, services.start_redis, args.down_seconds),
            outage("Celery worker SIGKILL, down, started again", "worker", port, log,
                   services.kill_worker, services.start_worker, args.down_seconds),
        ]
        for thread in threads:
            thread.join(timeout=args.max_seconds + STEP_TIMEOUT)
        import django

        django.setup()
        from django.db import connections

        connections.close_all()  # the restart closed the ones prepare() had
        emails = settle_emails(services)
        all_ids = [pk for _, ids in work for pk in ids]
        result = {
            "machine": machine(), "clients": len(work), "logged_in": logged_in,
            "requests": len(log.responses),
            "statuses": dict(Counter(r[2] for r in log.responses)),
            "503_with_retry_after": sum(r[2] == 503 and r[3] for r in log.responses),
            "503_without_retry_after": sum(r[2] == 503 and not r[3] for r in log.responses),
            "responses_with_a_stack_trace": log.traces,
            "submit_refusals": dict(log.refused_submits),
            "outages": outages, "emails": emails, "check": verify(all_ids, log.confirmed),
        }
    finally:
        if server:
            stop_gunicorn(server)
        services.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
