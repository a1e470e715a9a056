"""Django settings for Sourcebook.

Everything an operator sets comes from the environment (documented in docs/operations.md):
``SOURCEBOOK_HOME`` (data directory), ``DATABASE_URL`` (PostgreSQL in production),
``SOURCEBOOK_SECRET_KEY``, ``SOURCEBOOK_DEBUG``, ``SOURCEBOOK_ALLOWED_HOSTS``,
``SOURCEBOOK_MAX_FILE_SIZE``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("SOURCEBOOK_HOME", "sourcebook-data")).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A per-installation key kept in the data directory, so sessions survive restarts."""
    if key := os.environ.get("SOURCEBOOK_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SOURCEBOOK_DEBUG", "") in ("1", "true", "yes")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SOURCEBOOK_ALLOWED_HOSTS", "*").split(",") if h.strip()
]
MAX_FILE_SIZE = int(os.environ.get("SOURCEBOOK_MAX_FILE_SIZE", str(20 * 1024 * 1024)))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sourcebook.archive",
    "sourcebook.web",
    "sourcebook.citing",
    "sourcebook.authorities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sourcebook.urls"
WSGI_APPLICATION = "sourcebook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

_SQLITE_OPTIONS = {
    "timeout": 30,
    # Writers take the lock at BEGIN, so concurrent ingest and serve never deadlock.
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if os.environ.get("DATABASE_URL"):
    # postgres://user@host:5432/name in production; sqlite:////path/file.sqlite3 also works.
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "sourcebook.sqlite3"),
            # A real file for tests too, beside the real one.
            "TEST": {"NAME": str(HOME / "test-sourcebook.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SOURCEBOOK_LOG_LEVEL", "WARNING")},
}

# --- linear (issue 14)
# Apparatus items (brackets, page markers, TEI notes) one text may hold; ingest refuses a file
# with a text over it. Real documents hold tens to hundreds.
MAX_ANNOTATIONS = int(os.environ.get("SOURCEBOOK_MAX_ANNOTATIONS", "20000"))
