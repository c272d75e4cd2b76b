"""The production settings plus two routes: /bench/ping/, the cheapest possible Django view, and
/bench/floor/<pk>/, the floor page every page is measured against (bench/urls.py). Both are
served through the same middleware, gunicorn and database connection as every page."""

from config.settings_production import *  # noqa: F403
from config.settings_production import TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
