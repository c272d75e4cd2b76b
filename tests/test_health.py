"""GET /healthz: what the load balancer, the container's health check and an orchestrator ask."""

import pytest
from kombu import Connection

from config import health
from config.celery import app as celery_app


@pytest.fixture
def worker_answers(monkeypatch):
    monkeypatch.setattr(celery_app.control, "ping", lambda **kwargs: [{"celery@worker": {"ok": "pong"}}])


@pytest.fixture
def broker_unreachable(monkeypatch):
    # A real connection attempt, to a port where nothing listens.
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))


@pytest.mark.django_db
def test_healthy_when_database_broker_and_worker_answer(client, worker_answers):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "worker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unhealthy_when_the_broker_is_unreachable(client, broker_unreachable):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fout"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("fout: ")
    assert body["checks"]["worker"] == "onbekend: de broker is onbereikbaar"


@pytest.mark.django_db
def test_a_missing_worker_is_reported_but_the_instance_still_serves(client, monkeypatch):
    monkeypatch.setattr(celery_app.control, "ping", lambda **kwargs: [])  # nobody answered in time
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "beperkt", "checks": {
        "database": "ok", "broker": "ok", "worker": "fout: LookupError (geen worker antwoordt)"}}


@pytest.mark.django_db
def test_each_part_has_its_own_path_for_the_orchestrator(client, worker_answers):
    for part in ("database", "broker", "worker"):
        response = client.get(f"/healthz/{part}")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {part: "ok"}}
    assert client.get("/healthz/iets-anders").status_code == 404


@pytest.mark.django_db
def test_the_worker_path_fails_without_a_worker_and_the_broker_path_without_a_broker(client, monkeypatch):
    monkeypatch.setattr(celery_app.control, "ping", lambda **kwargs: [])
    assert client.get("/healthz/worker").status_code == 503
    assert client.get("/healthz/broker").status_code == 200
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    assert client.get("/healthz/broker").status_code == 503
    assert client.get("/healthz/worker").json()["checks"] == {"worker": "onbekend: de broker is onbereikbaar"}
    assert client.get("/healthz/database").status_code == 200


@pytest.mark.django_db
def test_the_database_path_fails_when_the_database_does_not_answer(client, monkeypatch):
    def down():
        raise OSError("verbinding geweigerd")
    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/healthz/database")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "fout: OSError"}
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_only_get_is_answered(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/healthz/worker").status_code == 405


def test_the_worker_ping_is_bounded_in_time(monkeypatch):
    asked = {}
    monkeypatch.setattr(celery_app.control, "ping", lambda **kwargs: asked.update(kwargs) or [])
    assert health._run("worker", {}).startswith("fout: ")
    assert asked == {"timeout": health.WORKER_TIMEOUT_SECONDS, "limit": 1}


@pytest.mark.redis
@pytest.mark.django_db
def test_healthy_with_the_real_redis_broker(client):
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"
