"""Every page names its icon, so no browser asks for a /favicon.ico that does not exist."""

import re
import urllib.request
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def get(url: str):
    return urllib.request.urlopen(url, timeout=10)  # noqa: S310 - the live server


@pytest.mark.django_db
def test_the_pages_icon_is_served(live_server):
    with get(f"{live_server.url}/aanmelden/") as page:
        [icon] = re.findall(r'<link rel="icon" href="([^"]+)"', page.read().decode())
    with get(f"{live_server.url}{icon}") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert response.read().startswith(b"<svg")


def test_no_page_links_to_a_favicon_ico():
    assert [path for path in TEMPLATES.rglob("*.html") if "favicon.ico" in path.read_text()] == []
