"""Cap IA settings: one module, driven by environment variables.

Development defaults are safe and need no configuration; production sets
``DEBUG=0`` and must then provide ``SECRET_KEY`` (see README, "Configuration").
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG=0. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
# Key rotation: the new key in SECRET_KEY, the old one(s) here (comma-separated) for as long as what
# they signed must stay valid (quiz cookies, admin sessions), then remove them (README "Deployment").
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", "")

# Behind reverse proxies (TLS, X-Forwarded-For): the client's address is the X-Forwarded-For entry
# the outermost of the TRUSTED_PROXY_COUNT proxies appended (core.ratelimit.client_ip).
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 1 or more, not {TRUSTED_PROXY_COUNT}")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "core",
    "careers",
    "quiz",
    "classes",
]

MIDDLEWARE = [
    # First: every response carries X-Request-ID and every log line of the request its id.
    "core.request_id.RequestIDMiddleware",
    # Every response, /healthz and static files included, denies browser features we never use.
    "core.middleware.PermissionsPolicyMiddleware",
    # /healthz answers here, before sessions, locale, CSRF, CSP and the HTTPS redirect.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # An admin list filter with a NUL byte or an out-of-range number: a 400 page, not a 500.
    "core.middleware.AdminQueryStringGuardMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Django's 405 has an empty body: give the visitor a page in the site's style.
    "core.middleware.MethodNotAllowedPageMiddleware",
    "core.middleware.PrivateByDefaultMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "core.context_processors.content",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails fast (and /healthz says 503) instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", 5)
    )
    # Prepared statements: a quiz step's statements run thousands of times in each worker, and
    # PostgreSQL planning them again on every run was half their cost (docs/benchmarks.md). With
    # server-side binding psycopg prepares a statement on its connection from the 5th run on.
    # Turn off behind a pooler in transaction mode (PgBouncer before 1.21), which hands a client
    # another server connection, where its prepared statements do not exist.
    if envbool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: pages are read while an answer is written. IMMEDIATE: a transaction takes the write
    # lock when it begins, so concurrent answers wait their turn (busy timeout) instead of
    # failing with "database is locked" when a read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes guards the admin login: after AXES_FAILURE_LIMIT failures for one account (from any
# address), that account is locked out for AXES_COOLOFF_MINUTES (a 429 page), and so is an address
# after AXES_FAILURE_LIMIT failures from it (for any account). A successful login forgets only
# that account's own failures from that address (core.ratelimit.forget_own_login_failures):
# axes' reset on success would forget every failure of the address, so knowing one staff
# password would let someone guess another account's without end.
# `manage.py axes_reset` lifts every lockout, `axes_reset_username NAME` one account's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "core.ratelimit.login_username"
AXES_LOCKOUT_CALLABLE = "core.views.admin_locked_out"
AXES_VERBOSE = False  # no banner on every manage.py command; failures are still logged

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Django's cache holds only what is built from the content (quiz.selectors, {% cache %} fragments),
# under keys that carry the content version (core/content_version.py): a process never serves
# something stale, so the default, a cache in each worker's memory, is also the fastest. A cache
# shared by the workers (CACHE_BACKEND=database, after `manage.py createcachetable`) builds each
# part once for all of them, at the price of a query per read. The rate limit does not use it.
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "locmem")
if CACHE_BACKEND == "locmem":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cap_ia_cache"}
    }
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be locmem or database, not {CACHE_BACKEND!r}")

# At most QUIZ_START_RATE_LIMIT quiz starts per client address (IPv6: per /64) per
# QUIZ_START_RATE_WINDOW seconds (0: no limit). A school network often shares one address: two
# classes of 30 must fit. Counted in the database, shared by every worker (core.ratelimit).
QUIZ_START_RATE_LIMIT = envint("QUIZ_START_RATE_LIMIT", 60)
QUIZ_START_RATE_WINDOW = envint("QUIZ_START_RATE_WINDOW", 10 * 60)

# Class mode (classes/): at most CLASS_JOIN_FAILURE_LIMIT wrong or expired join codes per client
# address (IPv6: per /64) per CLASS_JOIN_FAILURE_WINDOW seconds, then a 429 page even for a right
# code. Only failures count: a whole school behind one address joins freely (each join is still a
# quiz start, under QUIZ_START_RATE_LIMIT). A session lasts CLASS_SESSION_DAYS by default.
CLASS_JOIN_FAILURE_LIMIT = envint("CLASS_JOIN_FAILURE_LIMIT", 20)
CLASS_JOIN_FAILURE_WINDOW = envint("CLASS_JOIN_FAILURE_WINDOW", 10 * 60)
# A teacher sees the class's distributions and average profile only once this many students have
# finished: with fewer, they would tell each student's result, shared or not.
CLASS_PICTURE_MIN_FINISHED = envint("CLASS_PICTURE_MIN_FINISHED", 5)
CLASS_SESSION_DAYS = envint("CLASS_SESSION_DAYS", 14)
LOGIN_URL = "classes:login"

# Public hosts the content links to without a warning in the admin (careers.links): the public
# bodies a student's next step is found at. Any https address is accepted; others get a warning.
KNOWN_PUBLIC_HOSTS = [
    "onisep.fr",
    "francecompetences.fr",
    "francetravail.fr",
    "labonnealternance.apprentissage.beta.gouv.fr",
    "parcoursup.fr",
    "parcoursup.gouv.fr",
    "monmaster.gouv.fr",
    "vae.gouv.fr",
    "data.gouv.fr",
    "legifrance.gouv.fr",
    "enseignementsup-recherche.gouv.fr",
    "cnil.fr",
    "iut.fr",
]

# Data retention (`manage.py purge_attempts`, README "Privacy and data retention").
ATTEMPT_IDLE_DAYS = envint("ATTEMPT_IDLE_DAYS", 7)
RESULT_RETENTION_DAYS = envint("RESULT_RETENTION_DAYS", 365)

# Where the editable content files live (read by load_content).
CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
# The admin lives at a configurable path so it is not where scanners look first.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# A student's quiz in progress is remembered by a signed cookie holding the attempt's random id
# (quiz/views.py): no session, so a quiz step reads no session row. It must outlast a class period
# and the week an unfinished quiz is kept.
QUIZ_COOKIE_NAME = "capia_quiz"
QUIZ_COOKIE_AGE = envint("QUIZ_COOKIE_AGE", 60 * 60 * 24 * 30)
# Notices ("your results were deleted") travel in a signed cookie removed once shown: students
# never get a session. Sessions serve the admin: database sessions, revocable on the server,
# that refuse a malformed cookie before it reaches the database.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

if not DEBUG:
    # Behind a TLS-terminating proxy, these come from the environment.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # Asking browsers to preload HSTS (check security.W021) binds the whole domain and
        # takes months to undo: a deliberate opt-in (SECURE_HSTS_PRELOAD=1), not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Cap IA sends no email: errors go to the logs. Django 6.1 asks for a default mailer all
# the same; in production it is SMTP (EMAIL_HOST, EMAIL_PORT), never a development backend.
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if DEBUG
    else {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": os.environ.get("EMAIL_HOST", "localhost"), "port": envint("EMAIL_PORT", 25)},
    }
}

# One console handler; each line carries the request id (see core/request_id.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIDFilter"}},
    "formatters": {
        "console": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "console"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's loggers (django.request: every 5xx and 4xx) go to the handler above
        # instead of Django's default ones (console only when DEBUG, mail_admins).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
