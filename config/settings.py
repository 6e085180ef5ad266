"""Safety Valve settings: one module, driven by environment variables (see .env.example).

Nothing is "production only" but what an environment variable says. Defaults are safe: DEBUG is off and
then a SECRET_KEY must be given.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false", "1", "0"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', got {raw!r}")
    return raw.lower() in ("true", "1")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Trigram lookups and full-text search for the case search (PostgreSQL only; harmless on SQLite).
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "simple_history",
    "axes",
    "csp",
    "intake",
    "analysis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Turns a database that stops answering mid-request into the 503 page (see config/errors.py).
    "config.middleware.DatabaseUnavailableMiddleware",
    # /admin/ only when ADMIN_ENABLED (and from ADMIN_ALLOWED_IPS); before the sign-in redirect (see the class).
    "config.middleware.AdminGateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Nothing a signed-in user is shown may be cached (config/middleware.py).
    "config.middleware.PrivateNoStoreMiddleware",
    # Every answer that shows a case's client text records a read in the access log (intake/access.py).
    "intake.access.CaseReadMiddleware",
    "config.middleware.OrganisationTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# DATABASE_URL selects PostgreSQL (production); unset means an embedded SQLite file for development.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "intake.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The Django admin shows every organisation's cases: off unless asked for (default: on only with DEBUG), and
# optionally limited to some client addresses or networks (config.middleware.AdminGateMiddleware).
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", default=DEBUG)
ADMIN_ALLOWED_IPS = env_list("ADMIN_ALLOWED_IPS")
for _network in ADMIN_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"ADMIN_ALLOWED_IPS: {_network!r} is not an address or network."
        ) from error

# Password reset (intake/accounts.py): the e-mailed link works for an hour; requests are limited per address
# asked for and per client address within a window.
PASSWORD_RESET_TIMEOUT = 60 * 60
PASSWORD_RESET_THROTTLE_MINUTES = 60
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
PASSWORD_RESET_LIMIT_PER_CLIENT = 10

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "intake:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures, for a cool-off period.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Cuts an over-long username to axes' column, which PostgreSQL would otherwise refuse with a 500.
AXES_USERNAME_CALLABLE = "config.forms.sign_in_username"
# The address axes pairs with the username: X-Forwarded-For counts only behind TRUSTED_PROXY_COUNT proxies.
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
# HTTPS. Production defaults (DEBUG off) are the strict ones; `python manage.py check --deploy` proves them.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The compose healthcheck calls /healthz over plain HTTP from inside the container: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS proxy the app sees plain HTTP; trust the proxy's X-Forwarded-Proto only when told to, because
# a client reaching the app directly could otherwise claim HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For (config/client_address.py). 0 (the default):
# the header is ignored and the client is the TCP peer, so a client reaching the app directly cannot pick its
# address. Set it only when the app is reachable through those proxies alone.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or the number of proxies in front.")
# One year once HTTPS works; SECURE_HSTS_SECONDS=0 (or a short value) is for the first roll-out.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or ("0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading is a decision for whoever owns the domain (hstspreload.org asks projects not to turn it on by
# default), so it stays off unless asked for, and the deploy check's reminder about it (W021) is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): everything from this origin only, no inline script or style, no eval.
# htmx is served from static and told not to inject its indicator <style> (see templates/base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico) whatever the page says; served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded exhibits hold medical records: readable by the app's user only. Served only through a view
# (login, organisation, access log), never by a web server from MEDIA_ROOT.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Exhibits (analysis.exhibits): the bounds of one upload and of the filing packet built from them.
EXHIBIT_MAX_BYTES = int(os.environ.get("EXHIBIT_MAX_BYTES", str(20 * 1000 * 1000)))
EXHIBIT_MAX_PAGES = int(os.environ.get("EXHIBIT_MAX_PAGES", "300"))
# The packet is merged on the request's worker: these keep it well inside GUNICORN_TIMEOUT.
EXHIBITS_PER_CASE = int(os.environ.get("EXHIBITS_PER_CASE", "30"))
PACKET_MAX_PAGES = int(os.environ.get("PACKET_MAX_PAGES", "600"))
PACKET_MAX_BYTES = int(os.environ.get("PACKET_MAX_BYTES", str(60 * 1000 * 1000)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_USE_TLS = EMAIL_PORT == 587
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safety-valve@localhost")
# Where staff reach the app: the links in e-mails and in the calendar feed (sent outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Work one user can make the server do (issue #11): each limit refuses with a message naming it.
# A pasted letter's length (the splitter's time grows with it; see README "Limits").
MAX_LETTER_CHARACTERS = int(os.environ.get("MAX_LETTER_CHARACTERS", "50000"))
# Arguments a case may hold, and arguments one "keep" of a letter may add.
MAX_ARGUMENTS_PER_CASE = int(os.environ.get("MAX_ARGUMENTS_PER_CASE", "30"))
MAX_ARGUMENTS_PER_LETTER = int(os.environ.get("MAX_ARGUMENTS_PER_LETTER", "20"))
# Documents are rendered only for a case whose argument text (and decision reasons) stays under this many
# characters, which bounds a render's time; also at most MAX_ARGUMENTS_PER_CASE arguments.
MAX_DOCUMENT_CHARACTERS = int(os.environ.get("MAX_DOCUMENT_CHARACTERS", "60000"))

# Closed cases (approved, no motion pending) untouched for this many years are listed for erasure
# (Organisation → Retention, `manage.py retention`). Nothing is erased without an admin's typed confirmation.
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "7"))

# Application logs carry ids and events, never client text (names, narratives, medical details).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler uses the single-line formatter: control characters (CR, LF, NUL ...) in a request path or any
    # other text are written escaped, so no one can forge a log line (config/logs.py).
    "formatters": {
        "plain": {
            "class": "config.logs.SingleLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own defaults give these their own handlers and formatters; here they use ours instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # eyecite logs the text around citations it cannot parse: client text, so errors only.
        "eyecite": {"level": "ERROR"},
    },
}
