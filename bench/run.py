"""The benchmark, in one command:  .venv/bin/python bench/run.py   (or: make bench)

Needs PostgreSQL and Redis on 127.0.0.1 (as CI has them). It recreates its own database
``helper_prod`` (BENCH_DATABASE_URL to change), uses Redis database 4 (BENCH_BROKER_URL),
binds only to 127.0.0.1, bounds every phase in time, and prints one table:

1. deadline night, the closed loop: gunicorn on PostgreSQL, 50 applicants saving plans and
   submitting with no pause, from a second process (bench/deadline_night.py); its throughput
   as a share of the floor page's through the same stack, and beside it the minimal view's;
2. SQL queries per page for 10 and 10.000 applications;
3. the reminder sweep over 100.000 applications (bench/reminders.py, when present);
4. decision letters per second (bench/letters.py, when present);
5. the department dashboard's time at 10.000 applications;
6. every page's CPU per request in-process as a ratio to the floor page (bench/ratios.py), in a
   table of its own below the first;
7. deadline night as it really happens: every applicant of Flanders and the department at a
   person's pace, with a Celery worker sending the e-mails (bench/population.py; 10 minutes,
   BENCH_POPULATION_SECONDS to change).

The table is also written to bench/results/run.md. Parts alone, on a fresh database:
``bench/run.py ratios [word …]`` and ``bench/run.py population [seconds]``.
"""

import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helper_prod")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/4")
PHASE_TIMEOUT = 300  # seconds; no phase may run longer (the population phase: its duration more)
POPULATION_SECONDS = float(os.environ.get("BENCH_POPULATION_SECONDS", "600"))


def bench_env(var_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OIDC_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=DATABASE_URL, CELERY_BROKER_URL=BROKER_URL,
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        VAR_DIR=var_dir, MEDIA_ROOT=os.path.join(var_dir, "uploads"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", LOG_LEVEL="WARNING",
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def run(args, env, timeout=PHASE_TIMEOUT) -> str:
    """Run a phase in its own process group; past its time the whole group (gunicorn too) is killed."""
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise SystemExit(f"{' '.join(args)} took longer than {timeout} s and was stopped") from None
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stdout[-2000:]}\n{stderr[-4000:]}")
    return stdout


def recreate_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()  # queued e-mails (no worker runs here) and the cache


def load() -> str:
    return "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {memory} RAM, "
            f"Python {platform.python_version()}, PostgreSQL on 127.0.0.1")


def optional_script(name: str, env: dict, last_lines: int = 1) -> str:
    """The last lines a sibling benchmark prints, when its author has written it."""
    script = ROOT / "bench" / f"{name}.py"
    if not script.exists():
        return f"not measured: bench/{name}.py does not exist yet"
    # It writes its own bench/results/<name>.txt, which its author keeps with notes: leave that as it was.
    own_results = ROOT / "bench" / "results" / f"{name}.txt"
    kept = own_results.read_bytes() if own_results.exists() else None
    try:
        output = run([str(script)], env, timeout=2 * PHASE_TIMEOUT)
    finally:
        if kept is not None:
            own_results.write_bytes(kept)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return "; ".join(lines[-last_lines:]) or "no output"


def kind_rows(row: str, by_kind: dict, indent="… ") -> list[str]:
    return [f"| {row} | {indent}{kind} ({k['requests']}) | p50 {k['p50_ms']} ms, p95 {k['p95_ms']} ms, "
            f"p99 {k['p99_ms']} ms; {k['errors']} errors{refusals(k)} |" for kind, k in by_kind.items()]


def refusals(figures: dict) -> str:
    return f", {figures['refused']} refused as the page does" if figures.get("refused") else ""


def cpu_text(cpu: dict) -> str:
    return ", ".join(f"{part} {ms} ms" for part, ms in cpu.items())


def night_rows(night: dict) -> list[str]:
    n, floor, top = night["night"], night["floor"], night["ceiling"]
    share = n["throughput"] / floor["throughput"] * 100 if floor["throughput"] else 0
    of_ceiling = n["throughput"] / top["throughput"] * 100 if top["throughput"] else 0
    cpu = night["cpu_ms_per_request"]
    rows = [
        f"| 1 | deadline night: {night['clients']} clients, {night['applications']} applications, "
        f"{n['requests']} requests in {n['seconds']} s | {n['throughput']} req/s; p50 {n['p50_ms']} ms, "
        f"p95 {n['p95_ms']} ms, p99 {n['p99_ms']} ms; {n['errors']} errors; "
        f"{night['submitted']}/{night['applications']} submitted |",
        *kind_rows("1", night["by_kind"]),
        f"| 1 | closed loop: the floor page, same stack, {night['clients']} clients (goal: the night at "
        f"least 50% of it) | {floor['throughput']} req/s; p50 {floor['p50_ms']} ms, "
        f"p95 {floor['p95_ms']} ms; {floor['errors']} errors; "
        f"**deadline night reaches {share:.0f}% of it** |",
        f"| 1 | ceiling: minimal view, same stack, {night['clients']} clients | {top['throughput']} req/s; "
        f"p50 {top['p50_ms']} ms, p95 {top['p95_ms']} ms; {top['errors']} errors; "
        f"deadline night reaches {of_ceiling:.0f}% of it |",
        f"| 1 | … CPU per request, by process | deadline night: {cpu_text(cpu['night'])}; floor page: "
        f"{cpu_text(cpu['floor'])}; minimal view: {cpu_text(cpu['ceiling'])} |",
    ]
    if night["unexpected"]:
        answers = ", ".join(f"{kind} ×{count}" for kind, count in night["unexpected"].items())
        rows.append(f"| 1 | … unexpected answers | {answers} |")
    return rows


def decision_rows(decisions: dict | None) -> list[str]:
    if not decisions or not decisions["members"]:
        return []
    once = decisions["decisions_by_their_member_exactly_once"]
    return [f"| 7 | … council decisions uploaded by the member municipalities | "
            f"{decisions['decisions_uploaded']} accepted, {once} there exactly once, by their member "
            f"(of {decisions['members']} members) |"]


def population_rows(p: dict) -> list[str]:
    a, check, kinds = p["all"], p["check"], p["organisations"]
    goal = "met" if a["p95_ms"] < 100 and a["p99_ms"] < 250 and a["errors"] == 0 else "**not met**"
    rows = [
        f"| 7 | everyone at a person's pace: {p['municipalities']} municipalities in "
        f"{sum(kinds.values())} applicants ({', '.join(f'{n} {kind}' for kind, n in kinds.items())}), "
        f"{p['applicant_users']} of their users, {p.get('member_users', 0)} member municipalities' users and "
        f"{p['staff']} department staff ({p['clients']} clients), a pause of "
        f"{p['pause_seconds'][0]:g} to {p['pause_seconds'][1]:g} s before each request, {a['seconds']} s, "
        f"{a['requests']} requests (goal: p95 < 100 ms, p99 < 250 ms, 0 errors) | {a['throughput']} req/s; "
        f"p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, p99 {a['p99_ms']} ms; "
        f"{a['errors']} errors{refusals(a)}; goal {goal} |",
        *kind_rows("7", p["by_kind"]),
        f"| 7 | … submissions and e-mails (Celery worker, queue drained after "
        f"{p['drained_after_s'] if p['drained_after_s'] is not None else 'more than 120'} s) | "
        f"{check['submitted_exactly_once']}/{check['applications']} submitted exactly once; e-mails "
        f"{check['emails_exactly_once']}/{check['emails_expected']} delivered exactly once, "
        f"{check['emails_missing']} missing, {check['emails_twice_or_more']} twice or more, "
        f"{check['emails_unexpected']} unexpected |",
        *decision_rows(p.get("decisions")),
        f"| 7 | … CPU per request, by process | {cpu_text(p['cpu_ms_per_request'])} (the worker's until "
        f"the queue was drained); the driver's pause ran late by p99 {p['late_after_pause_ms']['p99']} ms, "
        f"at most {p['late_after_pause_ms']['max']} ms |",
    ]
    if p["unexpected"]:
        answers = ", ".join(f"{kind} ×{count}" for kind, count in p["unexpected"].items())
        rows.append(f"| 7 | … unexpected answers | {answers} |")
    return rows


def table(night: dict, pages: dict, reminders: str, letters: str, ratios: dict, population: dict,
          host: str) -> str:
    rows = ["| # | measurement | result |", "|---|---|---|", *night_rows(night)]
    for page, counts in pages["queries"].items():
        rows.append(f"| 2 | SQL queries: {page} | {counts['10']} at 10, "
                    f"{counts['10000']} at 10.000 applications |")
    rows.append(f"| 3 | reminder sweep, 100.000 applications | {reminders} |")
    rows.append(f"| 4 | decision letters | {letters} |")
    dashboard = (f"median {pages['dashboard_ms']} ms of {pages['dashboard_runs']} (best "
                 f"{pages['dashboard_best_ms']} ms)" if "dashboard_ms" in pages
                 else "not measured: the department dashboard's URL does not exist")
    rows.append(f"| 5 | dashboard at 10.000 applications | {dashboard} |")
    over = [name for name, r in ratios["pages"].items() if r["ratio"] > 2]
    rows.append(f"| 6 | every page's CPU per request as a ratio to the floor page (goal: at most 2×) | "
                f"floor page {ratios['floor_ms']} ms; {len(over)} of {len(ratios['pages'])} pages above 2×: "
                f"table below |")
    rows += population_rows(population)
    return (f"Machine: {host}\n\n" + "\n".join(rows) + "\n\n6. Pages against the floor\n\n"
            + ratio_table(ratios))


def prepare(env) -> None:
    print(f"Preparing the database {DATABASE_URL.rsplit('/', 1)[1]} …", file=sys.stderr)
    recreate_database()
    flush_broker()  # also the cache: an earlier run's sessions and users name rows of its database
    run(["manage.py", "migrate", "--noinput"], env)
    run(["manage.py", "load_reference_data"], env)
    run(["manage.py", "collectstatic", "--noinput"], env)  # as the image does at build time


def ratio_table(ratios: dict) -> str:
    rows = [f"Floor page: {ratios['floor_ms']} ms of CPU per request", "",
            "| page | CPU ms | queries | × floor |", "|---|---|---|---|"]
    rows += [f"| {name} | {r['cpu_ms']} | {r['queries']} | {r['ratio']} |"
             for name, r in ratios["pages"].items()]
    return "\n".join(rows) + "\n"


def main_ratios(only: list[str]) -> None:
    """Only the pages' ratios to the floor page (bench/ratios.py), optionally only pages whose
    name contains one of the words given: ``bench/run.py ratios [word …]``."""
    with tempfile.TemporaryDirectory(prefix="bench-") as var_dir:
        env = bench_env(var_dir)
        prepare(env)
        ratios = json.loads(run(["bench/ratios.py", *only], env).splitlines()[-1])
    print(ratio_table(ratios))


def population_phase(env, seconds: float) -> dict:
    flush_broker()  # nothing left queued by an earlier phase for the worker to send
    output = run(["bench/population.py", "--seconds", str(seconds)], env, timeout=seconds + PHASE_TIMEOUT)
    return json.loads(output.splitlines()[-1])


def main_population(seconds: float) -> None:
    """Only the night as it really happens: ``bench/run.py population [seconds]``."""
    with tempfile.TemporaryDirectory(prefix="bench-") as var_dir:
        env = bench_env(var_dir)
        prepare(env)
        population = population_phase(env, seconds)
    print("\n".join(["| # | measurement | result |", "|---|---|---|", *population_rows(population)]))


def main() -> None:
    load_at_start = load()
    with tempfile.TemporaryDirectory(prefix="bench-") as var_dir:
        env = bench_env(var_dir)
        prepare(env)
        print("1. Deadline night, the closed loop …", file=sys.stderr)
        night = json.loads(run(["bench/deadline_night.py"], env, timeout=2 * PHASE_TIMEOUT).splitlines()[-1])
        print(f"7. Deadline night as it really happens ({POPULATION_SECONDS:g} s) …", file=sys.stderr)
        population = population_phase(env, POPULATION_SECONDS)
        flush_broker()
        print("6. Pages against the floor …", file=sys.stderr)
        ratios = json.loads(run(["bench/ratios.py"], env).splitlines()[-1])
        print("2 and 5. Queries per page and the dashboard …", file=sys.stderr)
        pages = json.loads(run(["bench/pages.py"], env).splitlines()[-1])
        print("3. Reminder sweep …", file=sys.stderr)
        reminders = optional_script("reminders", env, last_lines=2)
        print("4. Decision letters …", file=sys.stderr)
        letters = optional_script("letters", env)
        flush_broker()
    host = f"{machine()}; {load_at_start} at the start, {load()} at the end"
    report = table(night, pages, reminders, letters, ratios, population, host)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "run.md").write_text(report)
    (results / "run.json").write_text(json.dumps({"night": night, "population": population, "ratios": ratios,
                                                  "pages": pages, "reminders": reminders, "letters": letters},
                                                 indent=1))


if __name__ == "__main__":
    if sys.argv[1:2] == ["ratios"]:
        main_ratios(sys.argv[2:])
    elif sys.argv[1:2] == ["population"]:
        main_population(float(sys.argv[2]) if sys.argv[2:] else POPULATION_SECONDS)
    else:
        main()
