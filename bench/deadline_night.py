"""Deadline night, the closed loop: applicants save their plans and submit with no pause,
against gunicorn on PostgreSQL; and the same clients on the floor page and the minimal view.

This process prepares the applications, starts gunicorn (config in docker/gunicorn.conf.py, the
production settings plus the /bench/ routes of bench/settings.py) on 127.0.0.1, and drives it
from its own threads: each client logs in, then works through its applications — opens the
plan, saves it, again, then opens the submit page, submits and reads the receipt — with no
pause between requests. Then the same clients read the floor page (/bench/floor/<pk>/, an
application of their own) and call the minimal view (/bench/ping/), each as fast as it answers:
the night's throughput is reported as a share of the floor page's (goal: at least half).
The night at a person's pace, with everyone, is bench/population.py.

Run by bench/run.py, which creates the database; it prints one JSON object as its last line.
The Browser, the Recorder and the CPU accounting here are bench/population.py's too.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

PLAN_TEXT = ("De regio telt {n} langdurig werkzoekenden; samen met VDAB, de maatwerkbedrijven en "
             "het OCMW bouwen we trajecten naar werk. ") * 20
PASSWORD = "deadline-nacht-2023"
EXPECTED = {"plan page": 200, "save plan": 302, "submit page": 200, "submit": 302, "receipt": 200,
            "floor page": 200, "ping": 200}
# docker/gunicorn.conf.py's keepalive: a connection idle this long is closed by the server.
KEEPALIVE_SECONDS = 5


def prepare(clients: int, per_client: int, prefix="nacht") -> list[tuple[str, list[int]]]:
    """One applicant user per client, each acting for ``per_client`` municipalities that each
    have a complete draft in an open call."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connections, transaction
    from django.test import override_settings

    from grants.models import Municipality
    from tests import factories

    # One commit for everything, and the real (slow) password hash computed once, not per user.
    fast_hash = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with transaction.atomic(), fast_hash:
        call = factories.open_call(days_left=1)
        names = list(Municipality.objects.order_by("nis_code").values_list("name", flat=True))
        work = [client_work(factories, call, f"{prefix}{c:03d}", names[c * per_client:(c + 1) * per_client])
                for c in range(clients)]
    User.objects.filter(username__startswith=prefix).update(password=make_password(PASSWORD))
    connections.close_all()
    return work


def client_work(factories, call, username: str, names: list[str]) -> tuple[str, list[int]]:
    from grants.models import ApplicantKind, OrganisationMembership

    user = factories.make_user(username=username)
    ids = []
    for name in names:
        # A centrumstad may apply alone, so every municipality can carry one application.
        applicant = factories.make_applicant(name=f"Stad {name}", kind=ApplicantKind.CENTRUMSTAD, lead=name)
        OrganisationMembership.objects.create(user=user, applicant=applicant)
        ids.append(factories.make_application(call, applicant, members=(name,), user=user).pk)
    return username, ids


def submitted_count(ids) -> int:
    from grants.models import Application

    return Application.objects.filter(pk__in=ids, status="ingediend").count()


def encode_form(form: dict) -> tuple[bytes | str, str]:
    """The body and its Content-Type: urlencoded, or multipart when a field is a file (a
    ``(filename, bytes)`` pair), as a browser sends an upload."""
    if not any(isinstance(value, tuple) for value in form.values()):
        return urlencode(form), "application/x-www-form-urlencoded"
    boundary = "----bench" + os.urandom(8).hex()
    parts = []
    for name, value in form.items():
        if isinstance(value, tuple):
            filename, content = value
            head = (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/pdf")
        else:
            head, content = f'Content-Disposition: form-data; name="{name}"', str(value).encode()
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One person's browser behind the TLS proxy: keep-alive, cookies, the CSRF token. It keeps
    the last answer's Location and body, for a driver that follows what the page said."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.location, self.body, self.last_used = "", b"", 0.0

    def send(self, method: str, path: str, form: dict | None = None) -> int:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body, content_type = encode_form(form)
            headers.update({"Content-Type": content_type, "Origin": f"https://127.0.0.1:{self.port}"})
        if time.monotonic() - self.last_used > KEEPALIVE_SECONDS - 1:
            self.conn.close()  # the server is about to close it: a new one, not a failed send and a retry
        for attempt in (1, 2):  # like a browser: once more on a fresh connection if the kept one was closed
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                self.body = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.conn.close()
                if attempt == 2:
                    self.location, self.body = "", b""
                    return 0
        self.last_used = time.monotonic()
        self.location = response.headers.get("Location", "")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip('"')
        if response.will_close:
            self.conn.close()
        return response.status

    def log_in(self, username: str) -> bool:
        self.send("GET", "/aanmelden/")
        return self.send("POST", "/aanmelden/", {"username": username, "password": PASSWORD}) == 302


def expected_answer(kind: str, status: int, location: str) -> str:
    """"ok" for the page's normal answer, "error" for anything else."""
    return "ok" if status == EXPECTED[kind] else "error"


class Recorder:
    """Each request's kind, latency and outcome: "ok", "refused" (the page's normal refusal,
    which is no error) or "error" (another answer, or none), as ``judge`` says."""

    def __init__(self, judge=expected_answer):
        self.judge = judge
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, str]] = []
        self.unexpected: Counter = Counter()
        self.refused: Counter = Counter()

    def timed(self, browser: Browser, kind: str, method: str, path: str, form=None) -> str:
        started = time.perf_counter()
        status = browser.send(method, path, form)
        elapsed = time.perf_counter() - started
        outcome = self.judge(kind, status, browser.location)
        with self.lock:
            self.samples.append((kind, elapsed, outcome))
            if outcome == "error":
                self.unexpected[f"{kind}: HTTP {status or 'no answer'} {browser.location}".rstrip()] += 1
            elif outcome == "refused":
                self.refused[kind] += 1
        return outcome


def deadline_night(browser: Browser, ids: list[int], saves: int, recorder: Recorder, stop: float) -> None:
    def step(kind, method, path, form=None) -> str:
        return recorder.timed(browser, kind, method, path, form)

    for pk in ids:
        for n in range(saves):
            if time.monotonic() > stop:
                return
            step("plan page", "GET", f"/aanvragen/{pk}/plan/")
            step("save plan", "POST", f"/aanvragen/{pk}/plan/",
                 {"environment_analysis": PLAN_TEXT.format(n=1000 + n), "vision": "Iedereen aan het werk."})
        step("submit page", "GET", f"/aanvragen/{pk}/indienen/")
        if step("submit", "POST", f"/aanvragen/{pk}/indienen/", {"declaration": "on"}) == "ok":
            step("receipt", "GET", f"/aanvragen/{pk}/ontvangstbewijs/")


def as_fast_as_it_answers(browser: Browser, recorder: Recorder, stop: float, kind: str, path: str) -> None:
    """One page asked for again and again until ``stop``: with all clients, the stack's
    throughput for that page."""
    while time.monotonic() < stop:
        recorder.timed(browser, kind, "GET", path)


def in_parallel(target, argument_lists) -> float:
    threads = [threading.Thread(target=target, args=args) for args in argument_lists]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def summary(samples, elapsed: float) -> dict:
    latencies = [s[1] for s in samples]
    return {"requests": len(samples), "seconds": round(elapsed, 2),
            "throughput": round(len(samples) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
            "errors": sum(1 for s in samples if s[2] == "error"),
            "refused": sum(1 for s in samples if s[2] == "refused")}


class CpuMeter:
    """CPU seconds used so far by this driver, by each server given by name (gunicorn, a Celery
    worker: the process and its children, those it has reaped included) and by the PostgreSQL
    backends serving the benchmark's database: where the two cores went. A backend is not our
    child, so when it closes (its gunicorn worker restarted by max_requests) its time would be
    lost: a thread looks every second and keeps each backend's last figure."""

    def __init__(self, database: str, **servers: subprocess.Popen):
        self.database, self.servers = database, servers
        self.backends: dict[int, float] = {}  # pid -> CPU seconds when last seen
        self.lock = threading.Lock()
        self.read()
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(1)
            self.read()

    def read(self) -> dict[str, float]:
        tick = os.sysconf("SC_CLK_TCK")
        totals = {"driver": 0.0, **dict.fromkeys(self.servers, 0.0)}
        names = {server.pid: name for name, server in self.servers.items()}
        with self.lock:
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    stat = Path(entry.path, "stat").read_text()
                    cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:  # the process ended while we looked
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                pid, ppid, used = int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
                if pid == os.getpid():
                    totals["driver"] += used
                elif pid in names:  # with the workers it has reaped (gunicorn's max_requests restarts them)
                    totals[names[pid]] += used + (int(fields[13]) + int(fields[14])) / tick
                elif ppid in names:
                    totals[names[ppid]] += used
                elif cmdline.startswith("postgres:") and f" {self.database} " in cmdline:
                    self.backends[pid] = used
            totals["postgres"] = sum(self.backends.values())
        return totals


def cpu_per_request(before: dict, after: dict, requests: int,
                    parts=("driver", "gunicorn", "postgres")) -> dict:
    return {part: round((after[part] - before[part]) / max(requests, 1) * 1000, 2) for part in parts}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": ""}
    log = open(os.path.join(os.environ.get("VAR_DIR", "/tmp"), "gunicorn.log"), "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "docker/gunicorn.conf.py",
                               "config.wsgi:application"], cwd=ROOT, env=env,
                              stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if Browser(port).send("GET", "/healthz") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # the master stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def summary_by_kind(samples, elapsed: float) -> dict:
    by_kind = defaultdict(list)
    for sample in samples:
        by_kind[sample[0]].append(sample)
    return {kind: summary(kind_samples, elapsed) for kind, kind_samples in by_kind.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--applications", type=int, default=4, help="per client")
    parser.add_argument("--saves", type=int, default=4, help="saves of each plan before it is submitted")
    parser.add_argument("--max-seconds", type=float, default=90, help="bound on the deadline-night phase")
    parser.add_argument("--ceiling-seconds", type=float, default=15,
                        help="how long the floor page, and then the minimal view, are asked for")
    args = parser.parse_args()

    work = prepare(args.clients, args.applications)
    from django.db import connections

    port = free_port()
    server = start_gunicorn(port)
    try:
        browsers = [Browser(port) for _ in work]
        logged_in = sum(browser.log_in(username)
                        for browser, (username, _) in zip(browsers, work, strict=True))
        for browser, (_, ids) in zip(browsers, work, strict=True):  # warm workers, as on any evening
            browser.send("GET", f"/aanvragen/{ids[0]}/plan/")
            browser.send("GET", f"/aanvragen/{ids[0]}/indienen/")
            browser.send("GET", f"/bench/floor/{ids[0]}/")
        database = connections["default"].settings_dict["NAME"]
        night = Recorder()
        stop = time.monotonic() + args.max_seconds
        meter = CpuMeter(database, gunicorn=server)
        cpu_before = meter.read()
        night_seconds = in_parallel(deadline_night, [(b, ids, args.saves, night, stop)
                                                     for b, (_, ids) in zip(browsers, work, strict=True)])
        cpu_night = meter.read()
        floor = Recorder()
        stop = time.monotonic() + args.ceiling_seconds
        # Each client reads an application of its own (its first), as on every page of the night.
        floor_seconds = in_parallel(as_fast_as_it_answers, [
            (b, floor, stop, "floor page", f"/bench/floor/{ids[0]}/")
            for b, (_, ids) in zip(browsers, work, strict=True)])
        cpu_floor = meter.read()
        top = Recorder()
        stop = time.monotonic() + args.ceiling_seconds
        ceiling_seconds = in_parallel(as_fast_as_it_answers, [(b, top, stop, "ping", "/bench/ping/")
                                                              for b in browsers])
        cpu_ceiling = meter.read()
    finally:
        stop_gunicorn(server)

    all_ids = [pk for _, ids in work for pk in ids]
    result = {
        "clients": args.clients, "logged_in": logged_in,
        "workers": os.environ.get("GUNICORN_WORKERS", "default"),
        "night": summary(night.samples, night_seconds),
        "by_kind": summary_by_kind(night.samples, night_seconds),
        "submitted": submitted_count(all_ids), "applications": len(all_ids),
        "floor": summary(floor.samples, floor_seconds),
        "ceiling": summary(top.samples, ceiling_seconds),
        "unexpected": dict(night.unexpected + floor.unexpected + top.unexpected),
        # milliseconds of CPU per request, by process; the rest of the two cores went elsewhere
        # (the minimal view asks nothing of the database: PostgreSQL is left out there)
        "cpu_ms_per_request": {"night": cpu_per_request(cpu_before, cpu_night, len(night.samples)),
                               "floor": cpu_per_request(cpu_night, cpu_floor, len(floor.samples)),
                               "ceiling": cpu_per_request(cpu_floor, cpu_ceiling, len(top.samples),
                                                          parts=("driver", "gunicorn"))},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
