"""The production settings, seen from outside: `check --deploy`, headers, rate limiting, logs.

Production settings switch on apps and middleware the test settings do not have, so each test
runs Django with them in a child process, as the web container does.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Whole processes; one worker migrates once for the module (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("production")]


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OIDC_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings_production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="lokaleregie.example.be,testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="memory://",
        VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def run_django(code: str, env) -> dict:
    """Run ``code`` with production settings; it leaves its findings in ``out``, printed as JSON."""
    script = f"import django, json\ndjango.setup()\nout = {{}}\n{code}\nprint(json.dumps(out))"
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):  # as the image's build
        result = run(["manage.py", *command], env)
        assert result.returncode == 0, result.stderr
    return env


def test_check_deploy_is_clean(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_pages_carry_the_security_headers(migrated):
    out = run_django(
        "from django.test import Client\n"
        "r = Client().get('/aanmelden/', secure=True, headers={'host': 'lokaleregie.example.be'})\n"
        "out = {'status': r.status_code, 'headers': dict(r.headers),\n"
        "       'cookies': {k: dict(v) for k, v in r.cookies.items()}}",
        migrated,
    )
    assert out["status"] == 200
    headers = out["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'"):
        assert directive in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert out["cookies"]["csrftoken"]["secure"] is True


def test_plain_http_is_sent_to_https_but_the_health_probe_is_answered(migrated):
    out = run_django(
        "from django.test import Client\n"
        "c = Client(headers={'host': 'lokaleregie.example.be'})\n"
        "page = c.get('/aanmelden/')\n"
        "behind_proxy = c.get('/aanmelden/', headers={'x-forwarded-proto': 'https'})\n"
        "health = c.get('/healthz')\n"
        "database = c.get('/healthz/database')\n"
        "out = {'page': [page.status_code, page.get('Location')], 'proxy': behind_proxy.status_code,\n"
        "       'health': [health.status_code, health.json()],\n"
        "       'database': [database.status_code, database.json()]}",
        migrated,
    )
    assert out["page"] == [301, "https://lokaleregie.example.be/aanmelden/"]
    assert out["proxy"] == 200
    assert out["health"] == [200, {"status": "beperkt", "checks": {  # no worker here: reported, yet it serves
        "database": "ok", "broker": "ok", "worker": "fout: LookupError (geen worker antwoordt)"}}]
    assert out["database"] == [200, {"status": "ok", "checks": {"database": "ok"}}]


def test_login_is_blocked_after_five_wrong_passwords_even_with_the_right_one(migrated):
    out = run_django(
        "from django.contrib.auth.models import User\n"
        "from django.test import Client\n"
        "User.objects.filter(username='els').delete()\n"
        "User.objects.create_user('els', password='juist-wachtwoord-2023')\n"
        "c = Client(headers={'host': 'lokaleregie.example.be'})\n"
        "post = lambda pw: c.post('/aanmelden/', {'username': 'els', 'password': pw}, secure=True)\n"
        "out['wrong'] = [post('fout').status_code for _ in range(4)]\n"
        "out['fifth'] = post('fout').status_code\n"
        "blocked = post('juist-wachtwoord-2023')\n"
        "out['blocked'] = [blocked.status_code, blocked.content.decode()]\n"
        "other = Client(headers={'host': 'lokaleregie.example.be'}, REMOTE_ADDR='10.0.0.9')\n"
        "out['other_address'] = other.post('/aanmelden/', {'username': 'els',\n"
        "    'password': 'juist-wachtwoord-2023'}, secure=True).status_code",
        migrated,
    )
    assert out["wrong"] == [200, 200, 200, 200]  # the form again, with its error
    assert out["fifth"] == 429
    status, page = out["blocked"]
    assert status == 429
    assert "Aanmelden tijdelijk geblokkeerd" in page
    assert "een kwartier" in page
    assert out["other_address"] == 302  # the same account from elsewhere is not locked out


LOGIN_WITH_FORWARDED_FOR = (
    "from django.contrib.auth.models import User\n"
    "from django.test import Client\n"
    "User.objects.filter(username='jan').delete()\n"
    "User.objects.create_user('jan', password='juist-wachtwoord-2023')\n"
    "c = Client(headers={'host': 'lokaleregie.example.be'}, REMOTE_ADDR='10.0.0.2')\n"
    "post = lambda pw, forwarded: c.post('/aanmelden/', {'username': 'jan', 'password': pw}, secure=True,\n"
    "                                    headers={'x-forwarded-for': forwarded}).status_code\n"
    "out['wrong'] = [post('fout', f'198.51.100.{i}, 203.0.113.7') for i in range(5)]\n"
    "out['right'] = post('juist-wachtwoord-2023', '192.0.2.99, 203.0.113.7')\n"
)


def test_a_forged_forwarded_for_does_not_evade_the_lockout_when_gunicorn_is_reached_directly(migrated):
    out = run_django(LOGIN_WITH_FORWARDED_FOR.replace(", 203.0.113.7", ""), migrated)
    assert out["wrong"] == [200, 200, 200, 200, 429]
    assert out["right"] == 429


def test_behind_the_proxy_only_the_address_it_appended_counts(migrated):
    out = run_django(LOGIN_WITH_FORWARDED_FOR, dict(migrated, TRUSTED_PROXY_COUNT="1"))
    assert out["wrong"] == [200, 200, 200, 200, 429]  # the client's own entries are ignored
    assert out["right"] == 429


def test_logs_are_one_json_object_per_line(tmp_path):
    result = run(["-c", "import django, logging\ndjango.setup()\n"
                        "logging.getLogger('grants').warning('Aanvraag %s bewaard', 'LR-2023-001')"],
                 production_env(tmp_path))
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "grants"
    assert record["message"] == "Aanvraag LR-2023-001 bewaard"
    assert "time" in record
