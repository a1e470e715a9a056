"""Django settings for Sourcebook.

Everything an operator sets comes from the environment (documented in docs/operations.md):
``SOURCEBOOK_HOME`` (data directory), ``DATABASE_URL`` (PostgreSQL in production),
``SOURCEBOOK_SECRET_KEY``, ``SOURCEBOOK_DEBUG``, ``SOURCEBOOK_BASE_URL``,
``SOURCEBOOK_ALLOWED_HOSTS``, ``SOURCEBOOK_TRUSTED_PROXY``, ``SOURCEBOOK_MAX_FILE_SIZE``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sourcebook import datadir, deployment

# Before anything is created: the data directory 0700, every file in it 0600.
os.umask(datadir.PRIVATE_UMASK)
BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("SOURCEBOOK_HOME", "sourcebook-data")).resolve()

DEBUG = os.environ.get("SOURCEBOOK_DEBUG", "") in ("1", "true", "yes")
try:
    _SITE = deployment.security_settings(os.environ)
except deployment.DeploymentError as exc:
    raise ImproperlyConfigured(str(exc)) from None
# Where the site is published decides the hosts answered (never "*" by default), TLS and proxy.
SOURCEBOOK_BASE_URL = _SITE["SOURCEBOOK_BASE_URL"]
SOURCEBOOK_TRUSTED_PROXIES = _SITE["SOURCEBOOK_TRUSTED_PROXIES"]
ALLOWED_HOSTS = _SITE["ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = _SITE["CSRF_TRUSTED_ORIGINS"]
SECURE_PROXY_SSL_HEADER = _SITE["SECURE_PROXY_SSL_HEADER"]
SESSION_COOKIE_SECURE = _SITE["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = _SITE["CSRF_COOKIE_SECURE"]
SECURE_HSTS_SECONDS = _SITE["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = _SITE["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_HSTS_PRELOAD = _SITE["SECURE_HSTS_PRELOAD"]
SECURE_SSL_REDIRECT = _SITE["SECURE_SSL_REDIRECT"]
SECURE_SSL_HOST = _SITE["SECURE_SSL_HOST"]
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
    "sourcebook.audit",
    "sourcebook.accounts",
]

MIDDLEWARE = [
    "sourcebook.dbrouting.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
                "django.template.context_processors.i18n",
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
# Reads of web requests from a PostgreSQL streaming replica; writes and read-your-writes on the
# primary (sourcebook.dbrouting says which and why).
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL (the primary it replicates); "
            "unset it, or set DATABASE_URL to the primary"
        )
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(), conn_max_age=60
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["sourcebook.dbrouting.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _sqlite_files(db: dict) -> list[Path]:
    """The SQLite database files (the real one and the tests'), to keep private."""
    if not db["ENGINE"].endswith("sqlite3"):
        return []
    names = (db.get("NAME"), db.get("TEST", {}).get("NAME"))
    return [Path(n) for n in names if n and n != ":memory:"]


TIME_ZONE = "UTC"
USE_I18N = True
# --- languages (issue 11)
# The interface is in these languages (documents stay as written). A reader's choice comes from
# the language cookie set by /language/, else Accept-Language; URLs are the same in every
# language, so a permalink or citation never names one (docs/reading.md).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("ru", "Русский"),
    ("de", "Deutsch"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["sourcebook.formats"]
LANGUAGE_COOKIE_NAME = "sourcebook_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"  # created at the end, with the data directory
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "sourcebook.logfilters.OneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "filters": ["one_line"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SOURCEBOOK_LOG_LEVEL", "WARNING")},
    # A refused Host header is the client's mistake (or a probe), not ours: one line, no trace.
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}

# --- defaults (issue 14): safe headers, content security policy, login throttling
# SOURCEBOOK_BASE_URL, ALLOWED_HOSTS, HSTS, secure cookies and the proxy header are set at the
# top, from sourcebook.deployment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every page's scripts and styles are static files of our own: nothing inline, nothing remote.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
MIDDLEWARE.append("csp.middleware.CSPMiddleware")

# Login throttling (django-axes): a username from one address is locked out after
# SOURCEBOOK_LOGIN_FAILURE_LIMIT failures, for SOURCEBOOK_LOGIN_COOLOFF_MINUTES.
INSTALLED_APPS.append("axes")
# Whole pages for anonymous readers (sourcebook.web.responsecache), innermost but for axes.
MIDDLEWARE.append("sourcebook.web.responsecache.PageCacheMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
try:
    AXES_FAILURE_LIMIT = max(1, deployment.number(os.environ, "SOURCEBOOK_LOGIN_FAILURE_LIMIT", 5))
    _COOLOFF = deployment.number(os.environ, "SOURCEBOOK_LOGIN_COOLOFF_MINUTES", 15)
except deployment.DeploymentError as exc:
    raise ImproperlyConfigured(str(exc)) from None
AXES_COOLOFF_TIME = dt.timedelta(minutes=max(1, _COOLOFF))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address: REMOTE_ADDR, or the one the trusted proxy recorded (X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "sourcebook.web.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "sourcebook.web.logins.locked_out"

# --- limits (issue 14) ---------------------------------------------------------------------
# Work one request may cost: page size, export time and memory, set and filter sizes.


def _number(kind, name: str, default: str):
    """An int or float setting from the environment; a one-line error naming it otherwise."""
    text = os.environ.get(name, default)
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what}, not {text!r}") from None


def _size(name: str, default: str) -> int:
    """Bytes from ``2000000``, ``512K``, ``2M`` or ``1G``."""
    given = os.environ.get(name, default)
    text = given.strip().upper()
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise ImproperlyConfigured(  # the value as the user wrote it, not as read
            f"{name} must be a size such as 2000000, 512K, 2M or 1G, not {given!r}"
        ) from None


SOURCEBOOK_MAX_PAGE_BYTES = _size("SOURCEBOOK_MAX_PAGE_BYTES", "2M")
# The home page's pages that keep a number (web/listing.py); later ones read on by cursor, since
# a numbered page steps over every document before it. 0: every page numbered (static edition).
SOURCEBOOK_NUMBERED_PAGES = _number(int, "SOURCEBOOK_NUMBERED_PAGES", "20")
if SOURCEBOOK_NUMBERED_PAGES < 0:
    raise ImproperlyConfigured("SOURCEBOOK_NUMBERED_PAGES must be 0 (all) or more")
SOURCEBOOK_EXPORT_TIMEOUT = _number(float, "SOURCEBOOK_EXPORT_TIMEOUT", "60")
SOURCEBOOK_EXPORT_MEMORY = _size("SOURCEBOOK_EXPORT_MEMORY", "1G")
SOURCEBOOK_EXPORT_INLINE_BYTES = _size("SOURCEBOOK_EXPORT_INLINE_BYTES", "256K")
# Export child processes (PDFs, long records) one server process runs at once (web/downloads.py).
SOURCEBOOK_EXPORT_CHILDREN = _number(int, "SOURCEBOOK_EXPORT_CHILDREN", "2")
if SOURCEBOOK_EXPORT_CHILDREN < 1:
    raise ImproperlyConfigured("SOURCEBOOK_EXPORT_CHILDREN must be 1 or more")
SOURCEBOOK_MAX_EXPORT_IDS = _number(int, "SOURCEBOOK_MAX_EXPORT_IDS", "1000")
# Pagefind's memory for one part of a static edition's search index (edition/pagefind.py): more
# makes fewer, larger parts (fewer requests a search), less fits a smaller machine.
SOURCEBOOK_EDITION_INDEX_MEMORY = _size("SOURCEBOOK_EDITION_INDEX_MEMORY", "6G")
if SOURCEBOOK_EDITION_INDEX_MEMORY < 256 * 2**20:  # below that, a part of a few hundred pages
    raise ImproperlyConfigured(
        "SOURCEBOOK_EDITION_INDEX_MEMORY must be at least 256M (Pagefind's memory for one part "
        f"of a static edition's search index), not {os.environ['SOURCEBOOK_EDITION_INDEX_MEMORY']!r}"
    )
SOURCEBOOK_MAX_FILTER_VALUES = _number(int, "SOURCEBOOK_MAX_FILTER_VALUES", "50")
SOURCEBOOK_MAX_FILTER_LENGTH = _number(int, "SOURCEBOOK_MAX_FILTER_LENGTH", "200")
# Facet counts of a search matching at least this many documents are estimated from a sample
# (search/facet_counting.py); 0: always exact.
SOURCEBOOK_SEARCH_ESTIMATE_ABOVE = _number(int, "SOURCEBOOK_SEARCH_ESTIMATE_ABOVE", "200000")
if SOURCEBOOK_SEARCH_ESTIMATE_ABOVE < 0:  # not read as 0: a typo must not pass unnoticed
    raise ImproperlyConfigured(
        "SOURCEBOOK_SEARCH_ESTIMATE_ABOVE must be 0 (always exact) or more, "
        f"not {SOURCEBOOK_SEARCH_ESTIMATE_ABOVE}"
    )

# --- links (issue 14)
# Merge proposals one ingest may write at most (blocking keys keep them linear; this caps them).
MAX_MERGE_PROPOSALS = _number(int, "SOURCEBOOK_MAX_MERGE_PROPOSALS", "5000")
# An authority page named in at least this many documents keeps its counts between states of the
# archive and has them counted again in the background (sourcebook.authorities.summary).
SOURCEBOOK_SUMMARY_FROM = max(1, _number(int, "SOURCEBOOK_SUMMARY_FROM", "2000"))
# ... and asks for a new count at most this often (seconds), however often the archive changes.
SOURCEBOOK_SUMMARY_EVERY = max(0.0, _number(float, "SOURCEBOOK_SUMMARY_EVERY", "60"))
# SOURCEBOOK_URL_SCHEMES (schemes allowed in record links besides http(s), e.g. "doi,hdl,urn")
# is read by the framework-free sourcebook.core.links itself, like SOURCEBOOK_BASE_URL.

# --- history (issue 9)
# Public history pages (/documents/<id>/history/, /v/<n>/, /diff/<a>..<b>/).
INSTALLED_APPS.append("sourcebook.history")
# Tokens (words, spaces, marks) per side diffed word by word; larger changes are diffed by line.
SOURCEBOOK_DIFF_MAX_TOKENS = max(100, _number(int, "SOURCEBOOK_DIFF_MAX_TOKENS", "5000"))

# --- accounts (issue 9)
# Roles are groups (sourcebook.accounts.roles); passwords set by `sourcebook user` and in the
# admin must pass these validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
# Anonymous POST/PUT/PATCH/DELETE is refused (403) everywhere but these: the admin (its login
# form) and OAI-PMH (harvesters may POST their reads).
SOURCEBOOK_ANONYMOUS_POST_PATHS = ("/admin/", "/oai")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "sourcebook.accounts.middleware.anonymous_reads_only",
)

# --- states (issue 9)
# Status of newly ingested documents: "published" (public at once) or "draft" (public only
# after `sourcebook publish`). `sourcebook ingest --draft` asks for drafts whatever this says.
SOURCEBOOK_DEFAULT_STATUS = os.environ.get("SOURCEBOOK_DEFAULT_STATUS", "published").strip()

# --- edits (issue 9)
# The editing page, source changes to review (sourcebook.curation); edits themselves are checked
# against SOURCEBOOK_MAX_FILE_SIZE (a text body may be as large as a source file), so the
# editing form's POST may be that large too.
INSTALLED_APPS.append("sourcebook.curation")
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, 2 * MAX_FILE_SIZE)

# --- ops (issue 9)
# Seconds between two looks of the background indexer (serve, `sourcebook index --watch`) at
# the outbox; searches never index, they report how many changes are not searchable yet.
SOURCEBOOK_INDEX_INTERVAL = max(0.05, _number(float, "SOURCEBOOK_INDEX_INTERVAL", "0.5"))
# Seconds between two progress lines of a long command whose stderr is not a terminal (a log).
SOURCEBOOK_PROGRESS_EVERY = max(0.0, _number(float, "SOURCEBOOK_PROGRESS_EVERY", "30"))
# An ingest of at least this many files indexes in a second process while it writes (0: never).
SOURCEBOOK_INGEST_INDEX_BESIDE = _number(int, "SOURCEBOOK_INGEST_INDEX_BESIDE", "1000")
# An ingest batch of at least this many new documents has half of its texts read for names in a
# second process (linking.beside); 0: never.
SOURCEBOOK_INGEST_LINK_BESIDE = _number(int, "SOURCEBOOK_INGEST_LINK_BESIDE", "50")
# Name the answering process in an X-Sourcebook-Worker header (checking how load spreads).
SOURCEBOOK_WORKER_HEADER = os.environ.get("SOURCEBOOK_WORKER_HEADER", "").lower() in deployment.TRUE

# --- linear (issue 14)
# Apparatus items (brackets, page markers, TEI notes) one text may hold; ingest refuses a file
# with a text over it. Real documents hold tens to hundreds.
MAX_ANNOTATIONS = _number(int, "SOURCEBOOK_MAX_ANNOTATIONS", "20000")

# --- linking (issue 10)
# Linking in running text: links at or above this confidence are automatic (shown), below it
# candidates for review (sourcebook.linking, docs/names.md).
INSTALLED_APPS.append("sourcebook.linking")  # after authorities: its hook runs after theirs
try:
    SOURCEBOOK_LINK_THRESHOLD = _number(float, "SOURCEBOOK_LINK_THRESHOLD", "0.8")
except ValueError:
    raise ImproperlyConfigured(
        "SOURCEBOOK_LINK_THRESHOLD must be a number between 0 and 1, e.g. 0.8"
    ) from None
if not 0 <= SOURCEBOOK_LINK_THRESHOLD <= 1:
    raise ImproperlyConfigured("SOURCEBOOK_LINK_THRESHOLD must be between 0 and 1, e.g. 0.8")

# --- scans (issue 12)
# Scans beside the text (sourcebook.scans): attach, IIIF Image and Presentation APIs, viewer, jobs.
INSTALLED_APPS.append("sourcebook.scans")
# Pixels one page image may hold (a "decompression bomb" declares billions); PDFs pages are
# rendered at SOURCEBOOK_SCAN_DPI; a scan may hold at most SOURCEBOOK_MAX_SCAN_PAGES pages.
SOURCEBOOK_MAX_IMAGE_PIXELS = _number(int, "SOURCEBOOK_MAX_IMAGE_PIXELS", "100000000")
SOURCEBOOK_MAX_SCAN_PAGES = _number(int, "SOURCEBOOK_MAX_SCAN_PAGES", "2000")
SOURCEBOOK_SCAN_DPI = _number(int, "SOURCEBOOK_SCAN_DPI", "150")
# The largest image one IIIF request may ask for (maxWidth = maxHeight, maxArea in info.json).
SOURCEBOOK_IIIF_MAX_WIDTH = _number(int, "SOURCEBOOK_IIIF_MAX_WIDTH", "4000")
SOURCEBOOK_IIIF_MAX_AREA = _number(int, "SOURCEBOOK_IIIF_MAX_AREA", "12000000")
# Jobs (Huey): SQLite in the data directory, or Redis when this is set (redis://host:port/db).
SOURCEBOOK_REDIS_URL = os.environ.get("SOURCEBOOK_REDIS_URL", "").strip()
# Bytes one attached scan file may hold (K, M, G suffixes as above).
SOURCEBOOK_MAX_SCAN_SIZE = _size("SOURCEBOOK_MAX_SCAN_SIZE", "500M")
# Tesseract's page segmentation mode for OCR: 6 (one block of text; typed single-column pages)
# or 3 (automatic layout; multi-column pages).
SOURCEBOOK_OCR_PSM = _number(int, "SOURCEBOOK_OCR_PSM", "6")
# OCR words under this confidence (0-100) are kept as uncertain readings of the OCR text and
# marked on the page; a new value applies to the next `sourcebook ocr` of a document.
SOURCEBOOK_OCR_LOW_CONFIDENCE = _number(float, "SOURCEBOOK_OCR_LOW_CONFIDENCE", "60")

# --- related (issue 11)
# Related documents (sourcebook.related): reply threads read from reference numbers, the same
# archival file, previous/next within each collection; refreshed on ingest and edit.
INSTALLED_APPS.append("sourcebook.related")

# --- load (issue 13)
# Whole public pages kept for anonymous readers (sourcebook.web.responsecache): bytes of memory
# per serving process (K, M, G suffixes as above); 0 turns the cache off.
SOURCEBOOK_PAGE_CACHE = _size("SOURCEBOOK_PAGE_CACHE", "64M")

# --- the data directory (last)
# Created, with its secret key and static cache, only once every setting above was read and
# found good: a bad setting is one line on stderr and leaves no trace on disk (an ``error:``
# raised above stops the import before this point).
datadir.prepare(HOME, _sqlite_files(DATABASES["default"]))
SECRET_KEY = os.environ.get("SOURCEBOOK_SECRET_KEY") or datadir.secret_key(HOME)
STATIC_ROOT.mkdir(exist_ok=True)
