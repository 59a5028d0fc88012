"""One flat settings module. Every value can be set from the environment; defaults run on first try."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("DRAHT_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("DRAHT_VAR", PROJECT_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envsecret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(name + "_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def _development_secret_key() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        key_file.write_text(get_random_string(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY") or _development_secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its bundled static files, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "draht.core",
    "draht.accounts",
    "draht.audit",
    "draht.customers",
    "draht.timeline",
    "draht.cadence",
    "draht.transfer",
    "draht.privacy",
    "draht.telephony",
    "draht.webhooks",
    "draht.inbox",
    "draht.outbox",
    "draht.promises",
    "draht.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "draht.core.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "draht.urls"
WSGI_APPLICATION = "draht.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cadence:due_list"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "draht.core.context_processors.features",
            ],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "draht.sqlite3")),
            # Kept open between requests (one per worker process): a new connection starts with a cold page
            # cache and re-registers Django's SQL functions.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # WAL for concurrent readers; FULL so a power loss never drops committed work.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                "PRAGMA cache_size=-32768;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
if TASKS_BACKEND not in ("db", "rq"):
    raise ImproperlyConfigured(f"TASKS_BACKEND must be db or rq, not {TASKS_BACKEND!r}")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Vienna")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The handler's level decides what is printed: the worker sets its loggers to INFO, which would print a
    # line for every routine task (mail polling every two minutes); failures are still shown.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": os.environ.get("LOG_LEVEL", "WARNING")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- draht's own settings -------------------------------------------------------------------------
# Contact cadence in days per tier (PRODUCT.md §1: once a year by default).
DRAHT_CADENCE_DEFAULT_DAYS = envint("DRAHT_CADENCE_DEFAULT_DAYS", 365)
DRAHT_CADENCE_BY_TIER = {
    "A": envint("DRAHT_CADENCE_TIER_A", 90),
    "B": envint("DRAHT_CADENCE_TIER_B", 180),
    "C": envint("DRAHT_CADENCE_TIER_C", 365),
}
# A verified fact is stale after this many days (check-in script).
DRAHT_FACT_STALE_DAYS = envint("DRAHT_FACT_STALE_DAYS", 365)
# When on, account managers, agents and technicians see only their own team's customers.
DRAHT_TEAM_VISIBILITY = envbool("DRAHT_TEAM_VISIBILITY", "false")
# Birthdays and anniversaries this many days ahead appear on the due list.
DRAHT_OCCASION_DAYS_AHEAD = envint("DRAHT_OCCASION_DAYS_AHEAD", 7)
DRAHT_PAGE_SIZE = envint("DRAHT_PAGE_SIZE", 25)
# Imports: files larger than this are refused (split them); an import without progress for this long
# counts as stalled (its worker died) and can be resumed.
DRAHT_IMPORT_MAX_BYTES = envint("DRAHT_IMPORT_MAX_BYTES", 100 * 1024 * 1024)
DRAHT_IMPORT_STALLED_SECONDS = envint("DRAHT_IMPORT_STALLED_SECONDS", 120)
DRAHT_IMPORT_CHUNK_ROWS = envint("DRAHT_IMPORT_CHUNK_ROWS", 1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file, not into memory
# Merges can be taken back for this many days; prospects (no "customer since") without any interaction for
# this many years are listed for erasure.
DRAHT_MERGE_UNDO_DAYS = envint("DRAHT_MERGE_UNDO_DAYS", 30)
DRAHT_RETENTION_PROSPECT_YEARS = envint("DRAHT_RETENTION_PROSPECT_YEARS", 3)
# Telephone system: the shared secret its webhook signs events with (unset: every event is refused), and
# the region for numbers it sends without a country code.
DRAHT_TELEPHONY_SECRET = envsecret("DRAHT_TELEPHONY_SECRET")
DRAHT_PHONE_REGION = os.environ.get("DRAHT_PHONE_REGION", "AT")

# E-mail in: mailboxes are polled this often; mailbox passwords are encrypted with this key (Fernet; by
# default derived from SECRET_KEY, so changing SECRET_KEY means entering the passwords again). Messages and
# attachments over the limits are not stored (the message keeps a note of what was left out).
DRAHT_MAIL_POLL_MINUTES = envint("DRAHT_MAIL_POLL_MINUTES", 2)
DRAHT_ENCRYPTION_KEY = envsecret("DRAHT_ENCRYPTION_KEY")
DRAHT_MAIL_MAX_MESSAGE_BYTES = envint("DRAHT_MAIL_MAX_MESSAGE_BYTES", 80 * 1024 * 1024)
DRAHT_MAIL_MAX_ATTACHMENT_BYTES = envint("DRAHT_MAIL_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
DRAHT_MAIL_TIMEOUT_SECONDS = envint("DRAHT_MAIL_TIMEOUT_SECONDS", 30)
# Other inbound messages (chat, social, reviews, web forms): the secret connectors sign their posts with.
DRAHT_INBOUND_SECRET = envsecret("DRAHT_INBOUND_SECRET")
# E-mail out over SMTP. A send that was claimed this long ago and never finished is "delivery unknown".
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DRAHT_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = envint("DRAHT_SMTP_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DRAHT_SMTP_USER", "")
EMAIL_HOST_PASSWORD = envsecret("DRAHT_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("DRAHT_SMTP_STARTTLS", "false")
EMAIL_USE_SSL = envbool("DRAHT_SMTP_SSL", "false")
EMAIL_TIMEOUT = DRAHT_MAIL_TIMEOUT_SECONDS
DEFAULT_FROM_EMAIL = os.environ.get("DRAHT_MAIL_FROM", "draht@localhost")
DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS = envint("DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS", 600)

# Promises: the owner is reminded this many days before the date (PRODUCT.md §4); links in reminder e-mails
# start with DRAHT_BASE_URL.
DRAHT_PROMISE_REMINDER_DAYS = envint("DRAHT_PROMISE_REMINDER_DAYS", 2)
DRAHT_BASE_URL = os.environ.get("DRAHT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
