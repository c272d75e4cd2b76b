"""Settings for the test suite: the same as production's shape, with test defaults.

Without DATABASE_URL the suite runs on SQLite; without CELERY_BROKER_URL on memory://.
"""

import os

os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Each parallel test process, and the Celery workers it starts (they inherit the environment),
    # keeps its queue and unacknowledged tasks apart in Redis: its tasks go to its own database.
    os.environ.setdefault("CELERY_KEY_PREFIX", f"test-{worker}:")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
