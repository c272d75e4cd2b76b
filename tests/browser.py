"""Playwright driving Debian's Chromium against pytest-django's live_server, and axe-core.

Use the ``page`` fixture in a test marked ``browser``; ``assert_accessible(page)`` runs
axe-core (shipped inside axe-playwright-python, nothing is downloaded) and fails on any
serious or critical violation.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django must allow its ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels",
                                  base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username: str, password: str = "wachtwoord-123") -> None:
    page.goto("/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    # The next page has no password field (a test that routes requests may keep the address).
    page.get_by_label("Wachtwoord").wait_for(state="detached")
    page.wait_for_load_state()


def screenshot(page, name: str) -> None:
    """Photograph the page for docs/screenshots/ — only when asked (`make screenshots`), so a
    test run leaves the checkout as it found it."""
    if target := os.environ.get("SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(target) / f"{name}.png", full_page=True)


def assert_accessible(page, every_impact: bool = False) -> None:
    """Fail on axe's serious or critical violations; with ``every_impact``, on any it reports
    (the sweep over every page holds them to that)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    impacts = ("minor", "moderate", "serious", "critical") if every_impact else ("serious", "critical")
    serious = [v for v in results.response["violations"] if v["impact"] in impacts]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in serious
    )
