"""Settings for the facial-recognition bill tracker, all read from the environment.

Local use needs nothing set (SQLite, no debug unless DJANGO_DEBUG=1). Production sets
DJANGO_SECRET_KEY, DATABASE_URL, DJANGO_ALLOWED_HOSTS and DJANGO_HTTPS=1.
"""

import os
import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything that is not clearly yes or no stops start-up."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read a whole number; anything else stops start-up with the variable's name."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    # Only ever used with debug on, on a developer's own machine.
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


def env_float(name: str, default: float) -> float:
    """Read a decimal number; anything else stops start-up with the variable's name."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_rate(name: str, default: str) -> str:
    """Read a rate like "120/minute" (per second, minute, hour or day); anything else stops start-up."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+/(second|minute|hour|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate; write it like 120/minute or 5/hour.")
    return value


def env_address(name: str, default: str) -> str:
    """Read one e-mail address, with or without a name ("Tracker <alerts@example.org>")."""
    value = os.environ.get(name, default).strip()
    if "@" not in parseaddr(value)[1]:
        raise ImproperlyConfigured(f"{name}={value!r} is not an e-mail address.")
    return value


def env_admins(name: str) -> list[tuple[str, str]]:
    """Read "Ada Lovelace <ada@example.org>, ops@example.org" into Django's (name, address) pairs."""
    admins = []
    for entry in env_list(name):
        display, address = parseaddr(entry)
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not an e-mail address.")
        admins.append((display or address, address))
    return admins


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "bills",
]

MIDDLEWARE = [
    # First, so its one line per request times (and sees the status of) everything below it.
    "bills.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry these headers too.
    "bills.middleware.SecurityHeadersMiddleware",
    "bills.middleware.StaticFilesMiddleware",
    # Above the session: a visitor's page from the cache costs two cache reads and nothing else.
    # Below the security headers, which are added to kept pages afresh (the CSP is kept with them).
    "bills.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "bills.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "bills.middleware.StaffNeverCacheMiddleware",
    "bills.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "billtracker.urls"

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
                "bills.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "billtracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails within seconds (a 503 page), instead of hanging every worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages are cached (bills/cache.py) until the next edit or midnight. Local memory in each
# process by default; with REDIS_URL every process and server shares one Redis. The content
# version must be shared by every process serving this database: a file here, or Redis.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=not DEBUG)  # Debug: template edits show at once.
PAGE_CACHE_SKIP_PATHS = ("/admin/", "/healthz")
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not re.match(r"(redis|rediss|unix)://", REDIS_URL):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} is not a Redis address; write redis://host:6379/0.")
_database_name = Path(str(DATABASES["default"]["NAME"])).stem
# Keys name the database, so two sites sharing one Redis never read each other's pages.
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "").strip() or f"frt-{_database_name}"
PAGE_CACHE_SECONDS = 6 * 3600  # Pages of addresses nobody asks for again leave by themselves.
if REDIS_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        # A Redis that stops answering costs a visitor one second at most (then no cache), not a hang.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {
        "default": {**_redis, "TIMEOUT": PAGE_CACHE_SECONDS},
        "content_version": {**_redis, "TIMEOUT": None},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            # At most 300 pages of at most 512 KB each (bills/cache.py) per process.
            "OPTIONS": {"MAX_ENTRIES": 300},
        },
        "content_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / ".cache" / CACHE_KEY_PREFIX,
            "TIMEOUT": None,
        },
    }

# Every account here is staff, so every password is a staff password: at least 12 characters.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Debug serves plain files so edits show at once; production serves hashed, compressed ones.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS: behind a TLS-terminating proxy in production.
HTTPS = env_bool("DJANGO_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Browser features no page uses, and other sites may not embed our files.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# A strict policy: every script and style is a file served by the app itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGIN_URL = "admin:login"

# The read-only JSON API at /api/v1/: anonymous, JSON only, paginated, throttled per client address.
API_ANONYMOUS_RATE = env_rate("DJANGO_API_RATE", "120/minute")
REST_FRAMEWORK = {
    # No sign-in: the API serves published content only, to everyone alike.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["bills.api.http.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bills.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Face Recognition Law Tracker API",
    "DESCRIPTION": (
        "Read-only, published data: bills and laws on face recognition, their rules, the places that "
        "make them, topics, parties, and comparisons. Slugs identify everything; dates are ISO 8601."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: nothing from a CDN, as the CSP requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Sign-in lockout (django-axes): too many failures for one username, or from one client address,
# lock that username or address out until the cool-off has passed since the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "bills.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "bills.login.client_ip"
# How many reverse proxies (nginx…) stand in front of the app; their X-Forwarded-For names the client.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)

# Staff may revert any bill part to an earlier version from its History page.
SIMPLE_HISTORY_REVERT_DISABLED = False

# Errors reach someone: e-mail to ADMINS (when set), Sentry (when SENTRY_DSN is set), and stderr.
ADMINS = env_admins("DJANGO_ADMINS")
SERVER_EMAIL = env_address("DJANGO_SERVER_EMAIL", "root@localhost")
# E-mail (follow-by-email messages and error reports) goes to this SMTP server; with no host set it
# is printed to the console instead, so `make run` needs nothing.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_address("DJANGO_EMAIL_FROM", "Face Recognition Law Tracker <alerts@localhost>")

# Follow by email: links in messages sent by a cron job (no request to read the host from) start
# with SITE_URL; behind HTTPS it defaults to the first allowed host.
SITE_URL = os.environ.get(
    "DJANGO_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if HTTPS and ALLOWED_HOSTS else "http://127.0.0.1:8000",
).rstrip("/")
# Requests to follow something, per address and per client address, before a 429.
FOLLOW_ADDRESS_RATE = env_rate("DJANGO_FOLLOW_ADDRESS_RATE", "5/hour")
FOLLOW_CLIENT_RATE = env_rate("DJANGO_FOLLOW_CLIENT_RATE", "20/hour")

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # A database outage is answered with a 503 page; one line each, not a mail per request.
        "database_down_is_a_warning": {"()": "bills.logs.OneLineWarning", "status_code": 503},
        # Bots send any Host header; that is worth a line, not a traceback or a mail.
        "bad_host_is_a_warning": {"()": "bills.logs.OneLineWarning"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "bills.logs.JsonLineFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"filters": ["database_down_is_a_warning"]},
        "django.security.DisallowedHost": {"filters": ["bad_host_is_a_warning"]},
        "billtracker.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Its start-up banner on every command says nothing; lockouts are warnings and still show.
        "axes": {"level": "WARNING"},
    },
}

SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install -r requirements-sentry.txt"
        ) from None
    # No personal data (addresses, cookies) leaves the site; errors only unless a sample rate is set.
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )
