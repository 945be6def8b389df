"""Django settings for Sentra, read from the environment (see README "Configuration").

Two modes: ``SENTRA_ENV=development`` (the default; generates its own secrets under ``var/``) and
``SENTRA_ENV=production`` (every secret must be given; HTTPS hardening on).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sentra.env import (
    development_secret,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_networks,
    env_required,
    env_str,
    validate_fernet_key,
    validate_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("SENTRA_VAR_DIR") or REPO_DIR / "var")

SENTRA_ENV = env_choice("SENTRA_ENV", "development", ("development", "production"))
PRODUCTION = SENTRA_ENV == "production"
DEBUG = env_bool("DEBUG", default=False) if PRODUCTION else env_bool("DEBUG", default=True)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on when SENTRA_ENV=production")

if PRODUCTION:
    SECRET_KEY = validate_secret_key(
        "SECRET_KEY", env_required("SECRET_KEY", "production mode has no default secret key")
    )
    FIELD_ENCRYPTION_KEY = validate_fernet_key(
        "FIELD_ENCRYPTION_KEY",
        env_required("FIELD_ENCRYPTION_KEY", "identifiers are encrypted at rest with this Fernet key"),
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names)")
    if env_str("DATABASE_URL") is None:
        raise ImproperlyConfigured(
            "DATABASE_URL must be set in production (postgres://user:pass@host:5432/db)"
        )
else:
    SECRET_KEY = validate_secret_key(
        "SECRET_KEY", env_str("SECRET_KEY") or development_secret(VAR_DIR / "secret_key")
    )
    FIELD_ENCRYPTION_KEY = validate_fernet_key(
        "FIELD_ENCRYPTION_KEY",
        env_str("FIELD_ENCRYPTION_KEY")
        or development_secret(VAR_DIR / "field_encryption_key", make="fernet"),
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

_database_url = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sentra.sqlite3'}"
try:
    _database = dj_database_url.parse(
        _database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    )
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if not _database.get("ENGINE"):
    raise ImproperlyConfigured(f"DATABASE_URL scheme is not supported: {_database_url.split(':', 1)[0]}")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    Path(str(_database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # WAL lets the dev server read while a background task writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    _database["TEST"] = {"NAME": None}
elif _database["ENGINE"] == "django.db.backends.postgresql":
    _database["ENGINE"] = "django.db.backends.postgresql"
else:
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "sentra.core",
    "sentra.network",
    "sentra.beneficiaries",
    "sentra.cases",
    "sentra.assessments",
    "sentra.placement",
    "sentra.quality",
    "sentra.workforce",
    "sentra.training",
    "sentra.equipment",
    "sentra.api",
    "sentra.insights",
    "sentra.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sentra.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sentra.core.middleware.SessionLifetimeMiddleware",
    "sentra.core.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sentra.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "sentra.urls"
WSGI_APPLICATION = "sentra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sentra.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "core:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login hardening: lockout after repeated failures, idle and absolute session limits.
SENTRA_LOGIN_MAX_FAILURES = env_int("SENTRA_LOGIN_MAX_FAILURES", 5, minimum=1)
SENTRA_LOGIN_LOCKOUT_MINUTES = env_int("SENTRA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
SENTRA_SESSION_IDLE_MINUTES = env_int("SENTRA_SESSION_IDLE_MINUTES", 30, minimum=1)
SENTRA_SESSION_MAX_HOURS = env_int("SENTRA_SESSION_MAX_HOURS", 10, minimum=1)
SESSION_COOKIE_AGE = SENTRA_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Two-factor authentication is required for these roles in every mode; demo accounts come enrolled.
SENTRA_2FA_ROLES = ("centre_head", "national_analyst", "sysadmin")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "sentra_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SENTRA_STATIC_ROOT") or VAR_DIR / "staticfiles")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    # Serve straight from the app folders in development; production runs collectstatic.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("SENTRA_MEDIA_ROOT") or VAR_DIR / "media")

# Background work: without a broker, tasks run in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = env_str("CELERY_BROKER_URL") is None
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or (
    None if CELERY_TASK_ALWAYS_EAGER else CELERY_BROKER_URL
)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "housekeeping-hourly": {"task": "sentra.core.housekeeping", "schedule": 3600.0},
    "quality-complaint-deadlines": {"task": "sentra.quality.complaint_deadlines", "schedule": 3600.0},
    "insights-rollups": {"task": "sentra.insights.refresh_rollups", "schedule": 600.0},
    "insights-rollups-nightly-full": {
        "task": "sentra.insights.refresh_rollups",
        "schedule": crontab(hour=1, minute=30),
        "kwargs": {"full": True},
    },
    "insights-scheduled-reports": {
        "task": "sentra.insights.scheduled_reports",
        "schedule": crontab(hour=5, minute=0),
    },
    "workforce-credential-expiry-alerts": {
        "task": "sentra.workforce.tasks.credential_expiry_alerts",
        "schedule": crontab(hour=6, minute=15),
    },
    "training-obligation-reminders": {
        "task": "sentra.training.tasks.obligation_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "assessments-reassessment-reminders": {
        "task": "sentra.assessments.reassessment_reminders",
        "schedule": crontab(hour=6, minute=45),
    },
}

# Rate limits and other counters live in the cache: with several app servers it must be shared (Redis).
_cache_url = env_str("CACHE_URL")
if _cache_url is None:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sentra"}}
elif _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL (or unset for a per-process memory cache)")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

X_FRAME_OPTIONS = "DENY"
# Proxies whose X-Real-IP header names the client (docs/deploy.md); from anyone else it is ignored.
SENTRA_TRUSTED_PROXIES = env_networks("SENTRA_TRUSTED_PROXIES")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
