"""Polku settings: one file, read from the environment (see docs/deploy.md).

The defaults are safe for development on one machine. Production sets DEBUG=false,
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` then reports nothing.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from polku.env import env_bool, env_int, env_list, env_str

# Lets type parameters such as ModelForm[Client] work at run time, as mypy reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "development-only-not-secret" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "polku.core.admin_site.PolkuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "polku.core",
    "polku.clients",
    "polku.access",
    "polku.intake",
    "polku.codes",
    "polku.casework",
    "polku.assessment",
    "polku.plans",
    "polku.network",
    "polku.measures",
    "polku.participation",
    "polku.aftercare",
    "polku.process",
    "polku.stats",
    "polku.feedback",
    "polku.api",
    # The API docs page's Swagger UI from these static files, never a CDN. After polku.api,
    # whose templates/ninja/swagger.html gives the page a language and a title.
    "ninja",
    "polku.archive",
]

MIDDLEWARE = [
    # First, so that it also sees the technical pages of errors in the other middleware.
    "polku.core.middleware.PolkuErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the sessions: the API reads no cookie and sets none (polku/api/middleware.py).
    "polku.api.middleware.ApiWithoutSessionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "polku.access.gate.GateMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "polku.participation.session.OwnPagesMiddleware",
    "polku.core.middleware.SessionTimeLimitMiddleware",
    "polku.core.middleware.ClientDataNotStoredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "polku.urls"
WSGI_APPLICATION = "polku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "polku" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "polku.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'polku.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": in WAL mode
    # readers never block the writer; a writer waits up to 20 s for another (the busy
    # timeout); and a transaction takes the write lock when it begins, because SQLite answers
    # a read transaction that wants to become a writer with SQLITE_BUSY at once, unwaited.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.Worker"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses sign-in after repeated failures before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes): lock a username at one address after repeated failures,
# and an address after many failures with any usernames (polku/core/signin_throttle.py).
AXES_HANDLER = "polku.core.signin_throttle.AddressAwareHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# The client's address is REMOTE_ADDR unless a proxy in front of Polku sets this header
# (e.g. X-Forwarded-For); a header no trusted proxy sets could be forged by anyone.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "polku.core.signin_throttle.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor sign-in (TOTP) for team leads and administrators. Off by default in development
# so a newcomer can try the demo roles; always on in production unless explicitly turned off.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "Polku"

# Sessions end after an idle period: every request renews the cookie's age.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# …and at the latest this many hours after sign-in, however active (polku/core/middleware.py).
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)

# A document being written is saved in the background this often while it changes (drafts.js).
DRAFT_AUTOSAVE_SECONDS = env_int("DRAFT_AUTOSAVE_SECONDS", 30)

# Polku's own error pages also with DEBUG on; a developer may ask for Django's technical ones.
CSRF_FAILURE_VIEW = "polku.core.error_pages.csrf_failure"
TECHNICAL_ERROR_PAGES = env_bool("TECHNICAL_ERROR_PAGES", False)

SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "polku" / "locale"]
LANGUAGE_COOKIE_SECURE = SECURE
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Signed consent forms: outside the web root, served only through the access gate.
CONSENT_FILES_DIR = env_str("CONSENT_FILES_DIR", str(VAR_DIR / "consent-forms"))
# `make assets` copies the design system, font and axe-core from node_modules here.
STATICFILES_DIRS = [BASE_DIR / "polku" / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# How long the worker who registered a client may see them without another basis.
REGISTRAR_ACCESS_DAYS = env_int("REGISTRAR_ACCESS_DAYS", 30)
# How long a break-glass opening lasts before a new reason must be written.
BREAK_GLASS_HOURS = env_int("BREAK_GLASS_HOURS", 8)
# The review list flags a worker's break-glass openings when this many fall within this many days.
BREAK_GLASS_REPEAT_COUNT = env_int("BREAK_GLASS_REPEAT_COUNT", 3)
BREAK_GLASS_REPEAT_DAYS = env_int("BREAK_GLASS_REPEAT_DAYS", 30)
# A consultation gives the colleague read access for at most this many days.
CONSULTATION_MAX_DAYS = env_int("CONSULTATION_MAX_DAYS", 14)
# An escorted handover or a team transfer not answered in this many days lapses, and with it
# the reading basis it gave.
HANDOVER_DAYS = env_int("HANDOVER_DAYS", 14)
# A team lead's enrolment code for a worker's authenticator app is valid this long.
ENROLMENT_CODE_HOURS = env_int("ENROLMENT_CODE_HOURS", 24)
# A client's one-time code for their own pages is valid this many days; a sign-in with it
# lasts at most this many hours (and ends sooner when idle, as a worker's session does).
CLIENT_CODE_DAYS = env_int("CLIENT_CODE_DAYS", 7)
CLIENT_SESSION_HOURS = env_int("CLIENT_SESSION_HOURS", 2)
# A worker's API key is valid this many days (polku/api).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# The one-time link that lets a worker set their password.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_HOURS", 72) * 3600

# Outgoing email: the password links reach the worker only. Development prints them.
_MAIL = "django.core.mail.backends."
EMAIL_BACKEND = env_str("EMAIL_BACKEND", _MAIL + ("console.EmailBackend" if DEBUG else "smtp.EmailBackend"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "polku@localhost")
# How many identity-code checks that find a client without a basis a worker may make per hour.
EXISTENCE_CHECKS_PER_HOUR = env_int("EXISTENCE_CHECKS_PER_HOUR", 20)
# The client's own access-log view covers this period unless a reason is given (Act 703/2023).
ACCESS_LOG_CLIENT_REPORT_DAYS = env_int("ACCESS_LOG_CLIENT_REPORT_DAYS", 730)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
