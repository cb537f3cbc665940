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

DEBUG = os.environ.get("MANDATES_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("MANDATES_SECRET_KEY", "insecure-development-key-change-me-in-production")
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
    "django_filters",
    "auditlog",
    "treebeard",
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
    "mandates.demo",
    "mandates.jobs",
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

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mandates.people.api_auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["mandates.people.api_permissions.MatrixPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
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
TASKS = {"default": {"BACKEND": os.environ.get("MANDATES_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Live job progress, shared by the web server and the worker (see mandates/jobs/progress.py).
    "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
             "LOCATION": os.environ.get("MANDATES_JOBS_CACHE_DIR", str(VAR_DIR / "cache" / "jobs"))},
}
# --- Production server and scaling out (make serve; README "Scaling out") -------------------
# Hashed, compressed static files with far-future cache headers (after `collectstatic`).
if os.environ.get("MANDATES_STATIC_MANIFEST") == "1":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "mandates.core.staticfiles.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False
# A read replica (PostgreSQL standby) for pages that only read; see core/routers.py.
if os.environ.get("MANDATES_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["MANDATES_REPLICA_URL"], conn_max_age=int(os.environ.get("MANDATES_CONN_MAX_AGE", "0")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["mandates.core.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "mandates.core.routers.ReplicaMiddleware")
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
if os.environ.get("MANDATES_PAGE_CACHE") == "1":
    MIDDLEWARE.append("mandates.core.page_cache.PrivatePageCacheMiddleware")
# Several worker processes on one machine share a file cache unless a Redis/Valkey URL is given.
if os.environ.get("MANDATES_CACHE_DIR") and not os.environ.get("MANDATES_CACHE_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                         "LOCATION": os.environ["MANDATES_CACHE_DIR"], "OPTIONS": {"MAX_ENTRIES": 20000}}
