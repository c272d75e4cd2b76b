"""GET /healthz: what the load balancer and the container's health check ask."""

import pytest
from kombu import Connection

from config.celery import app as celery_app


@pytest.mark.django_db
def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unhealthy_when_the_broker_is_unreachable(client, monkeypatch):
    # A real connection attempt, to a port where nothing listens.
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fout"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("fout: ")


@pytest.mark.django_db
def test_only_get_is_answered(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
@pytest.mark.django_db
def test_healthy_with_the_real_redis_broker(client):
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"
