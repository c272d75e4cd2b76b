"""The docker/ deployment, tested without a Docker engine: the compose file's shape, the image's
non-root user, and the image's entry command run on this machine."""

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
# The entry command migrates and serves in whole processes; one worker prepares the database
# once for the module (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docker")]
APP_SERVICES = {"web", "worker", "beat"}
SERVICES = APP_SERVICES | {"proxy", "postgres", "redis"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


def test_compose_runs_the_whole_service_each_part_with_a_health_check(compose):
    services = compose["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
        assert service["restart"] == "unless-stopped", name
    for name in ("web", "worker", "beat"):
        assert services[name]["command"] == [name]


def test_the_application_waits_for_healthy_database_and_broker_and_the_migrated_schema(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == depends["redis"]["condition"] == "service_healthy"
    for name in ("worker", "beat"):  # web migrates first
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy"


def test_database_broker_and_uploads_live_on_volumes(compose):
    services = compose["services"]
    assert set(compose["volumes"]) == {"caddy-data", "postgres-data", "redis-data", "uploads"}
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]
    for name in APP_SERVICES:  # the worker writes decision letters next to the uploads
        assert "uploads:/app/var/uploads" in services[name]["volumes"]
    environment = services["web"]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings_production"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")


def test_only_the_proxy_is_published_and_gunicorn_trusts_exactly_that_one_proxy(compose):
    services = compose["services"]
    assert [name for name in SERVICES if services[name].get("ports")] == ["proxy"]
    assert {port.split(":")[-1] for port in services["proxy"]["ports"]} == {"80", "443"}
    assert "reverse_proxy web:8000" in (DOCKER / "Caddyfile").read_text()
    for name in APP_SERVICES:  # the rate limiter takes the one address the proxy wrote
        assert services[name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_the_image_is_slim_python_3_11_and_runs_as_an_unprivileged_user():
    lines = [line.strip() for line in (DOCKER / "Dockerfile").read_text().splitlines()]
    assert lines[[i for i, line in enumerate(lines) if line and not line.startswith("#")][0]] == \
        "FROM python:3.11-slim"
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert 'ENTRYPOINT ["docker/entrypoint.sh"]' in lines
    assert any(line.startswith("HEALTHCHECK") for line in lines)


def entry_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        DJANGO_SETTINGS_MODULE="config.settings_production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="memory://",
        VAR_DIR=str(tmp_path),
        GUNICORN_ACCESS_LOG="",
    )
    env.update(extra)
    return env


def entrypoint(role: str, env, **kwargs):
    return subprocess.run(["sh", str(DOCKER / "entrypoint.sh"), role], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180, **kwargs)


@pytest.fixture(scope="module")
def first_start(tmp_path_factory):
    """A new container's first start on an empty database: its folder, environment and output."""
    tmp_path = tmp_path_factory.mktemp("entry")
    env = entry_env(tmp_path)
    return tmp_path, env, entrypoint("check", env)


def test_the_entry_command_migrates_loads_reference_data_and_gunicorn_loads_the_app(first_start):
    tmp_path, env, first = first_start
    assert first.returncode == 0, first.stdout + first.stderr
    assert "gemeenten: 300 aangemaakt" in first.stdout
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("select count(*) from grants_municipality").fetchone() == (300,)
        assert db.execute("select count(*) from axes_accessattempt").fetchone() == (0,)  # production apps

    again = entrypoint("check", env)  # a restarted container changes nothing
    assert again.returncode == 0, again.stderr
    assert "niets gewijzigd" in again.stdout


def test_the_entry_command_fails_loudly_when_the_app_cannot_load(tmp_path):
    result = entrypoint("check", entry_env(tmp_path, DJANGO_SETTINGS_MODULE="config.bestaat_niet"))
    assert result.returncode != 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_web_role_serves_the_health_probe_with_gunicorn(first_start):
    port = free_port()
    # A restarted container: the database the first start prepared, its migrations checked again.
    env = {**first_start[1], "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "PORT": str(port)}
    server = subprocess.Popen(["sh", str(DOCKER / "entrypoint.sh"), "web"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        probe = subprocess.run([sys.executable, str(DOCKER / "healthcheck.py")], env=env,
                               capture_output=True, text=True, timeout=5)
        deadline = time.monotonic() + 180   # checking the migrations first; slow on a busy machine
        while probe.returncode != 0 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            probe = subprocess.run([sys.executable, str(DOCKER / "healthcheck.py")], env=env,
                                   capture_output=True, text=True, timeout=5)
        assert probe.returncode == 0, probe.stderr
        with urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"}), timeout=5) as response:
            assert response.headers["Content-Type"] == "application/json"
    finally:
        server.terminate()
        server.wait(timeout=30)
