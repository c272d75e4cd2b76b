"""Shared fixtures, and the rule on tests that need a real service.

A test marked ``postgres``, ``redis`` or ``browser`` is skipped, with its reason, when that
service is not configured — except under CI=true, where the run fails instead: CI must
exercise the real components.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import translation

from grants.roles import Role
from tests import factories

# The browser fixtures are registered once, so one Playwright serves the whole session.
pytest_plugins = ["tests.browser"]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _missing(marker: str) -> str | None:
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker == "redis" and not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs Redis: set CELERY_BROKER_URL=redis://..."
    if marker == "browser" and not os.path.exists(CHROMIUM):
        return "needs Chromium (apt-get install chromium) and playwright"
    return None


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() == "true"
    refused = set()
    for item in items:
        for marker in ("postgres", "redis", "browser"):
            if item.get_closest_marker(marker) and (reason := _missing(marker)):
                if in_ci:
                    refused.add(reason)
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))
    if refused:
        raise pytest.UsageError("CI=true but tests would be skipped: " + "; ".join(sorted(refused)))
    longest_first(items)


def longest_first(items) -> None:
    """The tests that take many seconds (a browser, a process, a property search) run first, so
    the parallel workers (`make test`) take the short ones last and finish together instead of
    one worker ending on a long test while the other idles. The order is otherwise kept."""
    items.sort(key=lambda item: not (item.get_closest_marker("browser") or item.get_closest_marker("slow")))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database (one per worker) starts with the reference data, loaded once.

    Loading it takes longer than most tests: every test runs in a transaction rolled back at
    its end, so it finds the data as loaded here. A test with ``transaction=True`` empties the
    tables after it; the next test that asks for `reference_data` loads it again. A test that
    must start from nothing asks for `empty_database`.
    """
    with django_db_blocker.unblock():
        factories.ensure_reference_data()


@pytest.fixture
def empty_database(db):
    """No reference data and no call, inside this test's transaction (restored after it)."""
    factories.remove_reference_data()


@pytest.fixture
def wsgi_app():
    """The real WSGI stack, in-process (schemathesis, a generated client); it must not close the
    test's connection between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def reference_data(db):
    """The 300 municipalities, the priorities and the 2023–2025 call."""
    return factories.ensure_reference_data()


@pytest.fixture
def call(reference_data):
    return factories.the_call()


# The portal tests' world: an open call with two weeks left, one samenwerkingsverband led by
# Kortrijk, and its local director logged in.
@pytest.fixture
def open_call(reference_data):
    return factories.open_call(days_left=14)


@pytest.fixture
def region(open_call):
    return factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")


@pytest.fixture
def clerk(region, client):
    user = factories.make_user(Role.AANVRAGER, organisation=region, username="regisseur")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _dutch_first(settings):
    """Every test starts in Dutch: a request in English leaves its language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
