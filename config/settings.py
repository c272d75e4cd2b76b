"""Settings for every environment, read from the environment.

Without any variable set, the project runs as the demo: SQLite and a filesystem
broker under ``var/``, so nothing but Python is needed. Production sets
``DJANGO_DEBUG=false``, ``SECRET_KEY``, ``DATABASE_URL`` and ``CELERY_BROKER_URL``.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "django_celery_beat",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "knox",  # personal API tokens, stored hashed (grants.PersonalToken)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, no CDN
    "grants",
    "workflow",
    "aftercare",
    "notifications",
    "operations",
]
if DEBUG and importlib.util.find_spec("demo"):  # development only; not in the product's image
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "config.outage.OutageMiddleware",  # 503 "try again" while the database or broker is down
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "grants.contents_cache.ReferenceStampPerRequest",  # one read of it however many cached parts
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.department",
            ],
            # A template tag library outside an app's templatetags: pages is not an app.
            "libraries": {"department_tabs": "pages.department.tabs"},
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once: web, worker and beat share the file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["grants.auth.CachedModelBackend"]
# Seconds a logged-in user and their roles are read from the cache instead of the database
# (grants/auth.py); 0 reads the database on every request. Only for a cache all workers share.
AUTH_USER_CACHE_SECONDS = int(os.environ.get("AUTH_USER_CACHE_SECONDS", "0"))
# Seconds a part of an applicant's page (checklist, summary, budget tables) is kept in the cache under
# a key every change to what it shows renews (grants/contents_cache.py); 0 computes it every time.
# Only for a cache all workers share.
CONTENTS_CACHE_SECONDS = int(os.environ.get("CONTENTS_CACHE_SECONDS", "0"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Dutch (Belgium) first, English through Django's i18n.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploads live outside the web root and are only served by permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail
# The demo prints a line per e-mail and writes the message to var/mail/ (notifications/backends.py).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "notifications.backends.DemoBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Departement WSE <lokaleregie@wse.example>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Celery: Redis in production and CI; without a server for the demo.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "broker"
    for sub in ("out", "processed"):
        (_queue / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "out"),
        "data_folder_out": str(_queue / "out"),
        "data_folder_processed": str(_queue / "processed"),
    }
elif CELERY_BROKER_URL.startswith("redis"):
    # Redis gives a dead worker's unacknowledged task to another worker after this many
    # seconds; it must exceed the longest countdown (the e-mail retries wait up to 16 min).
    # CELERY_KEY_PREFIX keeps several users of one Redis database apart (parallel test runs).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only when it has finished, and given back when its worker dies,
# so a killed worker never loses work; tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "config.api_auth.PersonalTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "config.api_auth.TokenScopeAllows"],
    # DRF's own parsers, refusing a NUL character or deep nesting with a 400 (config/api_parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "config.api_parsers.JSONParser",
        "config.api_parsers.FormParser",
        "config.api_parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend",
                                "grants.api.filters.UpdatedSinceFilter"],  # ?updated_since= on every list
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
}
# Personal tokens (pages.tokens): the user's own, valid until revoked, only their hash stored.
KNOX_TOKEN_MODEL = "grants.PersonalToken"
# knox's migrations would still create its own (swapped-out) table, whose foreign key to the
# users stops PostgreSQL from emptying them (flush); without them nothing of knox is created.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lokale Regie Sociale Economie en Werk — API",
    "DESCRIPTION": "Oproepen, aanvragen en hun levensloop bij Departement Werk en Sociale Economie.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "grants.models.ApplicationStatus",
        "ActKindEnum": "grants.models.ActKind",
        "PaymentTermKindEnum": "grants.models.PaymentTermKind",
        "ApplicantKindEnum": "grants.models.ApplicantKind",
        "AgreementStatusEnum": "grants.models.AgreementStatus",
        "ReportStatusEnum": "aftercare.models.ReportStatus",
        "TrancheStatusEnum": "aftercare.models.TrancheStatus",
        "RecoveryStatusEnum": "aftercare.models.RecoveryStatus",
        "ChangeKindEnum": "aftercare.models.ChangeKind",  # issue 23
        "ChangeStatusEnum": "aftercare.models.ChangeStatus",
        "AppealKindEnum": "aftercare.models.AppealKind",
        "AppealStatusEnum": "aftercare.models.AppealStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_errors.document_errors",
        "config.api_schema.database_independent",
        "config.api_schema.json_bodies_only",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
