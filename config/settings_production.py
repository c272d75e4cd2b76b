"""Production settings: the shared settings, hardened.

Run behind a TLS-terminating proxy that sets ``X-Forwarded-Proto``. Needs ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``CELERY_BROKER_URL``; single sign-on is switched on by
the ``OIDC_*`` variables (see docker/README.md).
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")

from config import security  # noqa: E402
from config.settings import *  # noqa: E402,F403
from config.settings import CELERY_BROKER_URL, DATABASES, INSTALLED_APPS, MIDDLEWARE, env_bool  # noqa: E402

DEBUG = False

# One connection per worker thread, kept between requests and checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bind parameters on the server and prepare the statements every page repeats, so
    # PostgreSQL parses and plans each once per connection instead of once per request.
    # (Django switches preparing off for connection poolers; the stack has none.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)

# Sessions: every page reads one. Read from Redis (the broker's server, under its own key
# prefix), and also written to the database so a restart of Redis logs nobody out. A Redis GET
# costs less than a query; and unlike a cache per process, all workers share it, so a session
# ended in one worker is ended in all.
if CELERY_BROKER_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "config.redis_cache.RedisCache",  # one client per pool
                          "LOCATION": os.environ.get("CACHE_URL", CELERY_BROKER_URL),
                          "KEY_PREFIX": "lokaleregie"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Likewise the logged-in user and their roles, read on every request: changes drop the
    # entry (grants/auth.py); a minute bounds what bypasses that.
    AUTH_USER_CACHE_SECONDS = int(os.environ.get("AUTH_USER_CACHE_SECONDS", "60"))
    # And the parts of the applicant's pages that show an application's contents (its checklist,
    # summary, budget), under a key every relevant write renews: the lifetime
    # only bounds a change to reference data made around the model signals.
    CONTENTS_CACHE_SECONDS = int(os.environ.get("CONTENTS_CACHE_SECONDS", "3600"))

# HTTPS only, behind the proxy; the health probe comes from inside the network over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/(database|broker|worker))?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = security.CONTENT_SECURITY_POLICY

# Static files served by gunicorn itself (WhiteNoise), compressed and with hashed names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Login rate limiting (django-axes): five failures per account and address, then 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# How many proxies of ours append to X-Forwarded-For (docker/compose.yaml: one, Caddy); 0 trusts
# no forwarded header, so a gunicorn reached directly is limited on the peer's own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_security],
    "whitenoise.middleware.WhiteNoiseMiddleware",  # right after SecurityMiddleware, as WhiteNoise asks
    *MIDDLEWARE[_after_security:],
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "grants.auth.CachedModelBackend",
]

# Single sign-on (OpenID Connect, e.g. the Flemish government's ACM/IDM) when configured.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_OP_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile")
    OIDC_ORGANISATION_CLAIM = os.environ.get("OIDC_ORGANISATION_CLAIM", "vo_orgcode")
    # Roles as "<role>:<KBO>"; the penvoerder role reaches a samenwerkingsverband without a KBO.
    OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "dv_lokaleregie_rol_3d")
    OIDC_PENVOERDER_ROLE = os.environ.get("OIDC_PENVOERDER_ROLE", "LokaleRegiePenvoerder")
    INSTALLED_APPS = [*INSTALLED_APPS, "mozilla_django_oidc"]
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "config.oidc.OrganisationOIDCBackend"]

# Structured logs: one JSON object per line on stdout, for the log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.security": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
