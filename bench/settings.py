"""The production settings plus one route, /bench/ping/: the cheapest possible Django view,
served through the same middleware, gunicorn and database connection as every page, so the
benchmark can show the ceiling this stack reaches on this machine."""

from config.settings_production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
