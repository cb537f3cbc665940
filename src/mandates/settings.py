"""Settings for Mandates.

Everything that differs between a laptop and production comes from the environment:
``DATABASE_URL`` (default: SQLite under ``var/``), ``MANDATES_SECRET_KEY``, ``MANDATES_DEBUG``,
``MANDATES_ALLOWED_HOSTS``.
"""
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("MANDATES_HOME", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("MANDATES_VAR_DIR", BASE_DIR / "var"))

# Production is the default: DEBUG only when asked for (`make run` and the test settings ask), and
# without DEBUG there is no built-in secret key to fall back on.
DEBUG = os.environ.get("MANDATES_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("MANDATES_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "MANDATES_SECRET_KEY is not set. Production needs a long random secret key in the environment "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); set MANDATES_DEBUG=1 only on a laptop.")
    SECRET_KEY = "insecure-development-key-change-me-in-production"
ALLOWED_HOSTS = os.environ.get("MANDATES_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "auditlog",
    "treebeard",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "mandates.core",
    "mandates.geography",
    "mandates.organisation",
    "mandates.people",
    "mandates.partners",
    "mandates.strategy",
    "mandates.portfolio",
    "mandates.finance",
    "mandates.results",
    "mandates.evaluation",
    "mandates.resolutions",
    "mandates.assistance",
    "mandates.treaties",
    "mandates.reporting",
    "mandates.statistics",
    "mandates.demo",
    "mandates.jobs",
    "mandates.search",
    "mandates.notifications",
    "mandates.interop",
    "mandates.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mandates.portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "csp.middleware.CSPMiddleware",
    "mandates.core.middleware.ApiBodyLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mandates.urls"
WSGI_APPLICATION = "mandates.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mandates.core.context_processors.navigation",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'mandates.sqlite3'}",
        conn_max_age=int(os.environ.get("MANDATES_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The six official UN languages: en, fr and es complete; ar (right to left), zh and ru offered.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mandates"}}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The expenditure's covering index (finance.Expenditure, open11) INCLUDEs columns on PostgreSQL; SQLite builds it as a
# plain index by project, which is what it had before: its warning about the ignored columns says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mandates.people.api_auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["mandates.people.api_permissions.MatrixPermission"],
    "DEFAULT_FILTER_BACKENDS": ["mandates.core.params.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "mandates.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mandates.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mandates API",
    "DESCRIPTION": (
        "Strategy results, programmes, projects, partners, work units and countries of the "
        "Mandates results-based management system. Scripts authenticate with a personal token "
        "(`Authorization: Bearer <token>`; `mandates api_token USERNAME` prints one)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "mandates.core.api.document_error_responses",
                             "mandates.core.api.document_nullable_fields"],
    # One name per choice set shared by several fields (check --deploy stays free of warnings).
    "ENUM_NAME_OVERRIDES": {
        "GoverningBodyEnum": "mandates.resolutions.models.resolution.body_choices",
        "ProgrammeKindEnum": "mandates.portfolio.models.programme.Programme.Kind",
        "ProgrammeStatusEnum": "mandates.portfolio.models.programme.Programme.Status",
        "ProjectStatusEnum": "mandates.portfolio.models.project.Project.Status",
        "AssistanceRequestStatusEnum": "mandates.assistance.models.request.AssistanceRequest.Status",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MANDATES_LOG_LEVEL", "WARNING")},
}

# Background jobs (mandates.jobs): django-tasks with its database backend; `mandates worker` runs them.
JOBS_DIR = Path(os.environ.get("MANDATES_JOBS_DIR", VAR_DIR / "jobs"))  # uploads and results of jobs
# A resolution import not saved or cancelled is removed after this many days (the worker's schedule).
RESOLUTION_DRAFT_DAYS = int(os.environ.get("MANDATES_RESOLUTION_DRAFT_DAYS", "14"))
TASKS = {"default": {"BACKEND": os.environ.get("MANDATES_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The implementation plan's stored summaries refreshed in part by the write itself when it commits (else by
# their next reader and the background task): measured to cost the write more than it saves (BENCHMARKS.md, plan6).
PLAN_SUMMARY_REFRESH_ON_WRITE = os.environ.get("MANDATES_PLAN_REFRESH_ON_WRITE", "") == "1"
# An IATI import checks its activities in a second process beside the one that reads and stores them, when two CPUs
# are available; 1 keeps everything in one process (interop/parallel.py, BENCHMARKS.md iati8).
IATI_IMPORT_PROCESSES = int(os.environ.get("MANDATES_IATI_IMPORT_PROCESSES", "2"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Live job progress, shared by the web server and the worker (see mandates/jobs/progress.py).
    "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
             "LOCATION": os.environ.get("MANDATES_JOBS_CACHE_DIR", str(VAR_DIR / "cache" / "jobs"))},
}

# E-mail (notifications): SMTP when MANDATES_EMAIL_HOST is set, else files under var/mail.
DEFAULT_FROM_EMAIL = os.environ.get("MANDATES_EMAIL_FROM", "Mandates <mandates@localhost>")
MANDATES_BASE_URL = os.environ.get("MANDATES_BASE_URL", "http://127.0.0.1:8000")
if os.environ.get("MANDATES_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["MANDATES_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("MANDATES_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("MANDATES_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MANDATES_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("MANDATES_EMAIL_USE_TLS", "0") == "1"
    EMAIL_USE_SSL = os.environ.get("MANDATES_EMAIL_USE_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("MANDATES_EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ.get("MANDATES_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# --- Production server and scaling out (make serve; README "Scaling out") -------------------
# Hashed, compressed static files with far-future cache headers (after `collectstatic`).
if os.environ.get("MANDATES_STATIC_MANIFEST") == "1":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "mandates.core.staticfiles.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False
    # Source maps (7 of the 14 MB collected: the API docs' bundles) are fetched only with developer
    # tools open: not compressed (`collectstatic` at every `make serve`: 51 -> 25 s of CPU).
    from whitenoise.compress import Compressor

    WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# A read replica (PostgreSQL standby) for pages that only read; see core/routers.py.
if os.environ.get("MANDATES_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["MANDATES_REPLICA_URL"], conn_max_age=int(os.environ.get("MANDATES_CONN_MAX_AGE", "0")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["mandates.core.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "mandates.core.routers.ReplicaMiddleware")
# PostgreSQL: parameters bound on the server (psycopg's plain cursor instead of Django's default
# ClientCursor, which writes every value into the query's text) so that a query run more than
# MANDATES_PG_PREPARE_THRESHOLD times on one connection becomes a prepared statement, planned once
# per connection, kept with the connection (MANDATES_CONN_MAX_AGE). Measured in BENCHMARKS.md (pg12).
# MANDATES_PG_SERVER_SIDE_BINDING=0 turns both off (e.g. behind pgbouncer in transaction mode, which
# cannot keep a prepared statement across transactions); MANDATES_PG_PREPARE_THRESHOLD=none keeps
# server-side binding without prepared statements.
if os.environ.get("MANDATES_PG_SERVER_SIDE_BINDING", "1") == "1":
    _threshold = os.environ.get("MANDATES_PG_PREPARE_THRESHOLD", "5")
    for _db in DATABASES.values():
        if _db["ENGINE"] == "django.db.backends.postgresql":
            _db.setdefault("OPTIONS", {}).update(
                server_side_binding=True, prepare_threshold=None if _threshold == "none" else int(_threshold))
REPLICA_PATHS = tuple(p for p in os.environ.get("MANDATES_REPLICA_PATHS", "/open/,/reports/,/api/v1/").split(",") if p)
# A shared cache (Redis or Valkey) when more than one application server runs.
if os.environ.get("MANDATES_CACHE_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                         "LOCATION": os.environ["MANDATES_CACHE_URL"]}
    CACHES["jobs"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ["MANDATES_CACHE_URL"], "KEY_PREFIX": "jobs"}
# A person's pages kept until the data changes (core/page_cache.py); on in `make serve`.
PAGE_CACHE_PATHS = ("/projects/", "/programmes/", "/strategy/", "/treaties/", "/results/", "/finance/",
                    "/countries/", "/partners/", "/work-units/", "/resolutions/", "/evaluation/", "/assistance/",
                    "/api/v1/")
# The public portal for signed-in people (Member States, donors, staff), per person like the rest
# (anonymous visitors are served by the portal's own cache, portal/cache.py).
PAGE_CACHE_PATHS += ("/open/",)
if os.environ.get("MANDATES_PAGE_CACHE") == "1":
    MIDDLEWARE.append("mandates.core.page_cache.PrivatePageCacheMiddleware")
# Figures the same for everyone (the fund overview's ledger sums) computed once per data version and
# shared by every person, page, API and export (core/shared_figures.py); on with the page cache.
SHARED_FIGURES = os.environ.get("MANDATES_SHARED_FIGURES", os.environ.get("MANDATES_PAGE_CACHE", "0")) == "1"
# Readers of the same uncached figures or plan summary at the same moment: one computes, the others wait for it
# (core/single_flight.py); on with the shared figures, MANDATES_SINGLE_FLIGHT=0 to compare.
SINGLE_FLIGHT = os.environ.get("MANDATES_SINGLE_FLIGHT", "1" if SHARED_FIGURES else "0") == "1"
# Several worker processes on one machine share a file cache unless a Redis/Valkey URL is given.
if os.environ.get("MANDATES_CACHE_DIR") and not os.environ.get("MANDATES_CACHE_URL"):
    CACHES["default"] = {"BACKEND": "mandates.core.file_cache.FileCache",  # Django's, counting its files less often
                         "LOCATION": os.environ["MANDATES_CACHE_DIR"], "OPTIONS": {"MAX_ENTRIES": 20000}}
# Sessions read from that shared cache and written through to the database (one query less on
# every signed-in request). Only with a cache every process shares: with a per-process cache a
# sign-out in one process would leave the session alive in the others. Not signed cookies: a
# session must end on the server when its person signs out or is deactivated. Several machines
# need MANDATES_CACHE_URL (one cache for all) or MANDATES_SESSION_ENGINE=...backends.db (README).
if os.environ.get("MANDATES_CACHE_DIR") or os.environ.get("MANDATES_CACHE_URL"):
    SESSION_ENGINE = os.environ.get("MANDATES_SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
    # The signed-in person read from that cache too (people.auth_backends.ModelBackend): no query on a
    # page-cache hit; dropped from the cache when the person is saved, so every process sees the change.
    # Off when the sessions are not read from the cache (a cache per machine: MANDATES_SESSION_ENGINE=...db).
    PEOPLE_USER_CACHE = (os.environ.get("MANDATES_USER_CACHE", "1") == "1"
                         and SESSION_ENGINE == "django.contrib.sessions.backends.cached_db")

# --- Security (issue 14; SECURITY.md) ---------------------------------------------------------
# Passwords: Argon2id first; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Login throttling: 5 wrong passwords for one username from one address lock it for an hour.
AUTHENTICATION_BACKENDS = [
    "mandates.people.auth_backends.LockoutBackend",
    "mandates.people.auth_backends.ModelBackend",  # Django's, reading the signed-in person from the cache
]
AXES_FAILURE_LIMIT = int(os.environ.get("MANDATES_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("MANDATES_PROXY_COUNT", "0")) or None
# HTTPS: on by default in production. Behind a TLS-terminating proxy set MANDATES_TLS_PROXY=1 (it
# sends X-Forwarded-Proto); MANDATES_HTTPS=0 only for a plain-HTTP server on a laptop (make serve).
_https = os.environ.get("MANDATES_HTTPS", "0" if DEBUG else "1") == "1"
SECURE_SSL_REDIRECT = _https and os.environ.get("MANDATES_SSL_REDIRECT", "1") == "1"
if os.environ.get("MANDATES_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("MANDATES_HSTS_SECONDS", "31536000")) if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("MANDATES_HSTS_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("MANDATES_HSTS_PRELOAD", "1") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _https
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy: scripts and styles only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],  # no inline style either: templates use classes (a test checks)
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Request bodies and uploads: the API answers JSON 413 above MANDATES_API_MAX_BODY; form fields and
# uploaded files are bounded; each importer checks its own file size, rows and expansion.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MANDATES_MAX_BODY", str(2_621_440)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MANDATES_API_MAX_BODY = int(os.environ.get("MANDATES_API_MAX_BODY", str(2_621_440)))
MANDATES_MAX_UPLOAD = int(os.environ.get("MANDATES_MAX_UPLOAD", str(20 * 1024 * 1024)))
# SQLite (the embedded default): WAL journal and a busy timeout so parallel writers wait, not fail.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"].update(SQLITE_OPTIONS)

# Uploaded files (issue 14: `mandates backup` archives them with the database).
MEDIA_ROOT = Path(os.environ.get("MANDATES_MEDIA_ROOT", VAR_DIR / "media"))

# Report PDFs: weasyprint (from the screen's HTML), libreoffice (from the .docx), or auto (LibreOffice for large
# reports when `soffice` is installed, else WeasyPrint); see reporting/output.py and BENCHMARKS.md (reports4).
MANDATES_REPORT_PDF_ENGINE = os.environ.get("MANDATES_REPORT_PDF_ENGINE", "auto")
