"""One flat settings module. Every value can be set from the environment; defaults run on first try."""

import datetime
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


def _private_dir(path: Path) -> Path:
    """var/ and what lies in it hold the database, keys and customers' files: readable by their owner only."""
    path.mkdir(parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def _development_secret_key() -> str:
    _private_dir(VAR_DIR)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        key_file.write_text(get_random_string(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Off unless asked for: with DEBUG on, any error shows a visitor the code and the settings. `draht serve` refuses
# to start with it on unless DRAHT_ALLOW_DEBUG=true.
DEBUG = envbool("DEBUG", "false")
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
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
    "draht.meetings",
    "draht.booking",
    "draht.service",
    "draht.api",
]

MIDDLEWARE = [
    "draht.core.middleware.RequestSizeLimitMiddleware",
    "draht.core.middleware.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "draht.accounts.middleware.SessionIdleTimeoutMiddleware",
    "draht.accounts.middleware.SecondFactorRequiredMiddleware",
    "draht.core.middleware.UserPreferencesMiddleware",
    "draht.core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "draht.urls"
WSGI_APPLICATION = "draht.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cadence:due_list"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses before any check
    "django.contrib.auth.backends.ModelBackend",
    "django_otp_webauthn.backends.WebAuthnBackend",
]

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
# A web request waits at most DRAHT_DB_TIMEOUT_SECONDS for one statement and DRAHT_DB_CONNECT_TIMEOUT_SECONDS for a
# connection: a database that hangs gives the visitor an error page in seconds, not a dropped connection after
# the web server's own timeout (core/middleware.py).
DRAHT_DB_TIMEOUT_SECONDS = envint("DRAHT_DB_TIMEOUT_SECONDS", 10)
DRAHT_DB_CONNECT_TIMEOUT_SECONDS = envint("DRAHT_DB_CONNECT_TIMEOUT_SECONDS", 5)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        DATABASES["default"]["ENGINE"] = "draht.core.backends.postgresql"  # Django's, with the request deadline
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DRAHT_DB_CONNECT_TIMEOUT_SECONDS)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a connection that died in an outage is replaced
else:
    _private_dir(VAR_DIR)
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
# Uploaded files (import files, e-mail, attachments) are customers' data: owner-only, like var/ itself.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Security -------------------------------------------------------------------------------------------------
# Production runs behind HTTPS (README, "Running in production"): DRAHT_HTTPS=true turns on secure cookies with
# the __Host- prefix, HSTS and the redirect to https; DRAHT_BEHIND_PROXY=true trusts the reverse proxy's
# X-Forwarded-Proto header (only when the proxy sets it on every request). `make run` on http://127.0.0.1
# keeps them off.
DRAHT_HTTPS = envbool("DRAHT_HTTPS", "false")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = DRAHT_HTTPS or envbool("SECURE_COOKIES",
                                                                                             "false")
if DRAHT_HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"  # __Host-: only over https, for this host, path / (no subdomain)
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    SECURE_HSTS_SECONDS = envint("DRAHT_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DRAHT_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("DRAHT_HSTS_PRELOAD", "true")
    SECURE_SSL_REDIRECT = envbool("DRAHT_SSL_REDIRECT", "true")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may speak plain http
if envbool("DRAHT_BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
SESSION_COOKIE_SAMESITE = "Lax"
# Signed in for at most DRAHT_SESSION_DAYS, and signed out after DRAHT_SESSION_IDLE_HOURS without a request.
SESSION_COOKIE_AGE = envint("DRAHT_SESSION_DAYS", 14) * 24 * 3600
DRAHT_SESSION_IDLE_SECONDS = envint("DRAHT_SESSION_IDLE_HOURS", 8) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles from draht itself only, no inline code; htmx runs
# without eval (its config in base.html). Attachments get their own sandboxing policy (inbox/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Error reports (and DEBUG pages, if anyone turns them on) never show connection strings, secrets or passwords.
DEFAULT_EXCEPTION_REPORTER_FILTER = "draht.core.errors.SecretsHidingFilter"

# Sign-in throttling (django-axes): after DRAHT_LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one
# address, signing in is refused for DRAHT_LOGIN_LOCKOUT_MINUTES; owners unlock earlier on the users page.
AXES_FAILURE_LIMIT = envint("DRAHT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("DRAHT_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: one account, or one address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "draht.accounts.signin.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = 1 if envbool("DRAHT_BEHIND_PROXY", "false") else 0
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if envbool(
    "DRAHT_BEHIND_PROXY", "false") else ["REMOTE_ADDR"]

# Second factor (django-otp): TOTP apps, passkeys (WebAuthn) and recovery codes. Which roles must use one is the
# owners' choice on the security page (default: owners and managers).
OTP_TOTP_ISSUER = os.environ.get("DRAHT_OTP_ISSUER", "draht")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, after the password
OTP_WEBAUTHN_RP_ID_CALLABLE = "draht.accounts.twofactor.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "draht.accounts.twofactor.WebAuthnHelper"

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
# `draht demo` writes a random demo secret to var/telephony_secret, used while none is set (README's example).
DRAHT_TELEPHONY_SECRET = envsecret("DRAHT_TELEPHONY_SECRET")
DRAHT_TELEPHONY_SECRET_SOURCE = "environment" if DRAHT_TELEPHONY_SECRET else ""
if not DRAHT_TELEPHONY_SECRET and (VAR_DIR / "telephony_secret").is_file():
    DRAHT_TELEPHONY_SECRET = (VAR_DIR / "telephony_secret").read_text().strip() or None
    DRAHT_TELEPHONY_SECRET_SOURCE = "demo" if DRAHT_TELEPHONY_SECRET else ""
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
# Nothing set: mail goes to 127.0.0.1:25 all the same, but `draht serve` and the outbox say it is not set up.
DRAHT_SMTP_CONFIGURED = any(os.environ.get(n) for n in ("DRAHT_SMTP_HOST", "DRAHT_SMTP_PORT"))
EMAIL_HOST = os.environ.get("DRAHT_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = envint("DRAHT_SMTP_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DRAHT_SMTP_USER", "")
EMAIL_HOST_PASSWORD = envsecret("DRAHT_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("DRAHT_SMTP_STARTTLS", "false")
EMAIL_USE_SSL = envbool("DRAHT_SMTP_SSL", "false")
EMAIL_TIMEOUT = DRAHT_MAIL_TIMEOUT_SECONDS
DEFAULT_FROM_EMAIL = os.environ.get("DRAHT_MAIL_FROM", "draht@localhost")
DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS = envint("DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS", 600)

# Meetings (PRODUCT.md §3): guidance, not prohibition — a warning above this length and this many participants.
DRAHT_MEETING_WARN_MINUTES = envint("DRAHT_MEETING_WARN_MINUTES", 60)
DRAHT_MEETING_WARN_PARTICIPANTS = envint("DRAHT_MEETING_WARN_PARTICIPANTS", 6)
# Users' own calendars (ICS addresses) are read every 15 minutes, at most this large and this slow, this far ahead.
DRAHT_CALENDAR_MAX_BYTES = envint("DRAHT_CALENDAR_MAX_BYTES", 5 * 1024 * 1024)
DRAHT_CALENDAR_TIMEOUT_SECONDS = envint("DRAHT_CALENDAR_TIMEOUT_SECONDS", 20)
DRAHT_CALENDAR_DAYS = envint("DRAHT_CALENDAR_DAYS", 120)
# Private and loopback calendar servers (an in-house groupware) only when the operator allows them.
DRAHT_CALENDAR_ALLOW_PRIVATE = envbool("DRAHT_CALENDAR_ALLOW_PRIVATE", "false")

# Service desk: the business hours and the region whose public holidays count, for answer and solution targets.
DRAHT_SERVICE_HOURS = os.environ.get("DRAHT_SERVICE_HOURS", "Mo 08:00-17:00\nDi 08:00-17:00\nMi 08:00-17:00\n"
                                     "Do 08:00-17:00\nFr 08:00-15:00").replace("\\n", "\n")
DRAHT_SERVICE_HOLIDAY_REGION = os.environ.get("DRAHT_SERVICE_HOLIDAY_REGION", "AT-9")
# A rating link after a solved ticket or a held meeting works once, for this many days.
DRAHT_FEEDBACK_DAYS = envint("DRAHT_FEEDBACK_DAYS", 14)

# Promises: the owner is reminded this many days before the date (PRODUCT.md §4); links in reminder e-mails
# start with DRAHT_BASE_URL.
DRAHT_PROMISE_REMINDER_DAYS = envint("DRAHT_PROMISE_REMINDER_DAYS", 2)
DRAHT_BASE_URL = os.environ.get("DRAHT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Passkeys are bound to the address draht is reached at (DRAHT_BASE_URL; the page's own origin is accepted too,
# behind ALLOWED_HOSTS). A passkey needs a name, not an IP address: use http://localhost:8000 locally.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [o for o in dict.fromkeys([DRAHT_BASE_URL, "http://localhost:8000", *[
    o.strip().rstrip("/") for o in os.environ.get("DRAHT_WEBAUTHN_ORIGINS", "").split(",") if o.strip()]])
    if o.startswith(("https://", "http://localhost"))]

# A request larger than the largest upload draht takes (an import file, e-mail attachments) is refused from its
# Content-Length before it is read (core/middleware.py).
DRAHT_MAX_REQUEST_BYTES = envint("DRAHT_MAX_REQUEST_BYTES", max(DRAHT_IMPORT_MAX_BYTES, DRAHT_MAIL_MAX_ATTACHMENT_BYTES)
                                 + 1024 * 1024)
