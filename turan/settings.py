"""Settings for Turan, read from the environment.

Development mode is ``DEBUG=1`` (what ``make run`` sets). Anything else is
production mode, which refuses to start without ``SECRET_KEY`` and
``ALLOWED_HOSTS``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core import client_ip, logs
from core.db import embedded as embedded_db
from core.db import session as db_session

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default, minimum=0):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number, {minimum} or more.")
    return number


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in production mode (DEBUG off).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # Sessions, password resets and preview links are signed with it.
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 characters (of at least 5 different ones) in "
        "production mode, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if DEBUG and not os.environ.get("ALLOWED_HOSTS") and (host := os.environ.get("HOST")):
    # `make run HOST=…` must answer at the address it prints; 0.0.0.0 means
    # "every interface", so any name may reach the development server.
    ALLOWED_HOSTS.append("*" if host in {"0.0.0.0", "::"} else host)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production mode (DEBUG off).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "newsroom.apps.TuranAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "newsroom.apps.TOTPConfig",  # django_otp.plugins.otp_totp
    "newsroom.apps.StaticConfig",  # django_otp.plugins.otp_static: recovery codes
    # Turan's layers, lowest first (docs/architecture.md; `make lint` enforces them).
    "core",
    "tags",
    "authors",
    "pages",
    "quotes",
    "photos",
    "articles",
    "frontpage",
    "search",
    "newsroom",
    # The newsletter and the most-read counts (beside the newsroom and search).
    "newsletter",
    # The partner API, above the newsroom (transfer's archive uses its items).
    "newswire",
    "public",
    "transfer",
    # django-ninja's own templates and static files: the API reference page's
    # Swagger UI is served from here, never from a CDN.
    "ninja",
]
# Development and benchmark tooling, never part of a production deployment
# unless asked for: the demo content (`make run`) and `make bench`'s archive
# generator, framework floor and query-plan checks.
DEMO = env_bool("DEMO", DEBUG)
if DEMO:
    INSTALLED_APPS.append("demo")
if env_bool("BENCH"):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    # First: every log line of the request, probes' too, carries its id.
    "core.logs.RequestIdMiddleware",
    # /healthz and /readyz, before anything asks for the host (a probe sends the
    # node's address), redirects to HTTPS or opens a session (public/health.py).
    "public.health.HealthMiddleware",
    # Which server the request reads from (the replica or the primary), before
    # anything reads the database (public/replica.py).
    "public.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy: the browser features the site never uses, denied.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Outermost but for those two, so it sees every cookie set on the way out:
    # a response that sets one is never marked public for shared caches.
    "public.middleware.PrivateWhenSettingCookiesMiddleware",
    # Before anything reads a body (CSRF parses POST data): public addresses
    # take none, and others no more than MAX_REQUEST_BODY.
    "public.middleware.RequestBodyMiddleware",
    # The most-read beacon (POST /<lang>/r/<id>), one per article view: answered
    # here, before sessions, languages and the page cache, none of which it needs.
    "newsletter.middleware.ReadBeaconMiddleware",
    # Content-Security-Policy on every response, cached pages included (it sits
    # outside the page cache); a nonce only where a template asked for one.
    "csp.middleware.CSPMiddleware",
    # Serves /static/ itself, before anything else looks at the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on GET responses that may be stored (not never_cache ones) and 304
    # for a matching If-None-Match / If-Modified-Since; outside every middleware
    # that changes the body, so the ETag is that of what is sent.
    "django.middleware.http.ConditionalGetMiddleware",
    # WordPress's old addresses (a 404, or ?p=ID) answer 301 to the imported
    # article: outside LocaleMiddleware, so it sees the 404 that gives up on a path.
    "transfer.middleware.OldAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read them) and before CommonMiddleware (whose
    # slash redirects must see the language prefix).
    "django.middleware.locale.LocaleMiddleware",
    # The admin's own interface language, apart from readers' (newsroom/admin_language.py).
    "newsroom.admin_language.AdminLanguageMiddleware",
    # Remembers the language of the prefixed page opened, for LocaleMiddleware's `/`.
    "public.middleware.RememberLanguageMiddleware",
    # Anonymous readers' pages, keyed on the content version and the language;
    # the hit path skips everything below.
    "public.pagecache.PageCacheMiddleware",
    # Inside the page cache, which stores pages compressed once; readers' only.
    "public.middleware.ReaderGZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end when idle or old (newsroom/sessions.py): to the login
    # page with a notice, and back. Needs the session, the user and messages.
    "newsroom.sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "public.middleware.BadInputMiddleware",
    # A view that cannot reach the database answers 503 (public/views.py).
    "public.middleware.DatabaseOutageMiddleware",
    # A sign-in that must wait gets its page; a browser that signed in is remembered.
    "newsroom.login_delay.LoginDelayMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "turan.urls"
WSGI_APPLICATION = "turan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    _database = dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
    )
else:
    _database = embedded_db.django_database()
# How connections reach PostgreSQL: directly, or through a pooler in session or
# transaction mode; and whether each process keeps a pool (core/db/session.py).
DATABASE_POOLER = os.environ.get("DB_POOLER", "").strip().lower()
DATABASES = {
    "default": db_session.configure(
        _database,
        pooler=DATABASE_POOLER,
        pool=env_bool("DB_POOL"),
        min_size=env_int("DB_POOL_MIN_SIZE", 2),
        max_size=env_int("DB_POOL_MAX_SIZE", 10, minimum=1),
        prepares=env_bool("DB_POOLER_PREPARES"),
    )
}
# Compiled statements prepared by the protocol, not by name (core/db/compiled.py).
DATABASE_POOLER_PREPARES = env_bool("DB_POOLER_PREPARES")

# A streaming replica for anonymous readers (core/db/routing.py, public/replica.py):
# staff, writes, previews and the admin use the primary ("default"), and so does a
# client for REPLICA_READ_YOUR_WRITES seconds after it wrote. A replica more than
# REPLICA_MAX_LAG seconds behind is not read; each process checks at most once
# every REPLICA_CHECK_SECONDS.
DATABASE_READ_REPLICA = None
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = db_session.configure(
        dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
        ),
        pooler=DATABASE_POOLER,
        pool=env_bool("DB_POOL"),
        min_size=env_int("DB_POOL_MIN_SIZE", 2),
        max_size=env_int("DB_POOL_MAX_SIZE", 10, minimum=1),
        prepares=env_bool("DB_POOLER_PREPARES"),
    )
    # The test runner makes no database of its own for it: it is the primary's copy.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["core.db.routing.ReplicaRouter"]
REPLICA_MAX_LAG = env_int("REPLICA_MAX_LAG", 10)
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "2"))
REPLICA_READ_YOUR_WRITES = env_int("REPLICA_READ_YOUR_WRITES", 10)


def cache_from_url(url):
    """``CACHES`` entry for ``locmem://``, ``redis://…``/``rediss://…`` or ``memcached://host:port``."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest or "turan",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme in {"redis", "rediss"}:
        # A Redis that stops answering is a miss, not an error (core/cache.py),
        # and costs a request at most a second.
        return {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if scheme == "memcached":
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": rest}
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r} (locmem, redis, memcached).")


# Local memory by default (per process, which is safe: entries are keyed on
# the content version read from the database); Redis or Memcached shares one
# cache between workers and servers (needs the redis or pymemcache package).
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# Staff sessions: in the database, which every app node shares; with a shared
# cache (Redis, Memcached) read through it too, and still there when it is
# not (cached_db writes the database first and reads it on a miss).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    # cached_db, kept in the cache alone while the database refuses writes (core/sessions.py).
    else "core.sessions"
)
PAGE_CACHE_ALIAS = "default"
# The page cache on its own: PAGE_CACHE_URL=locmem:// keeps readers' pages in
# each process (per app node) while sessions and counters stay in CACHE_URL's
# shared cache (docs/performance.md, "The cluster", compares the two).
if os.environ.get("PAGE_CACHE_URL"):
    CACHES["pages"] = cache_from_url(os.environ["PAGE_CACHE_URL"])
    PAGE_CACHE_ALIAS = "pages"
# How long a reader's page may be kept (seconds; 0 turns the page cache off).
# Never past the next scheduled publication moment, whatever this says.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 300))
# Cache-Control max-age for shared caches (a proxy or CDN), equally bounded.
# A page unpublished leaves Turan's cache at once and shared caches within this.
HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", 60))
# Part of every page cache key: set it per deployment so new templates show at once.
RELEASE = os.environ.get("RELEASE", "")
# The edge in front (Varnish, a CDN), purged whenever the content version moves
# (manage.py edge_purger, public/edge.py): EDGE_PURGE_URL lists Varnish
# addresses that take BAN; CDN_PURGE_URL is a CDN's purge hook (a POST, with
# CDN_PURGE_AUTHORIZATION as its Authorization header). With either set, shared
# caches may keep pages EDGE_CACHE_SECONDS (s-maxage; never past the next
# scheduled moment), browsers still HTTP_CACHE_SECONDS.
EDGE_PURGE_URLS = env_list("EDGE_PURGE_URL")
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "").strip()
CDN_PURGE_AUTHORIZATION = os.environ.get("CDN_PURGE_AUTHORIZATION", "")
EDGE_CACHE_SECONDS = (
    env_int("EDGE_CACHE_SECONDS", 24 * 60 * 60) if EDGE_PURGE_URLS or CDN_PURGE_URL else 0
)
EDGE_PURGE_INTERVAL = float(os.environ.get("EDGE_PURGE_INTERVAL", "0.2"))
# Seconds after a purge when a second, narrow ban drops pages still rendered at
# an older version (fetched while the first ban was on its way).
EDGE_PURGE_SETTLE = float(os.environ.get("EDGE_PURGE_SETTLE", "1"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the single source of truth, in this order. Names are each
# language's own name for itself, as the language switcher shows them.
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", "Русский"),
    ("az", "Azərbaycan"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Baku"

# modeltranslation: no silent fallback anywhere. A surface that wants another
# language's text asks for it explicitly (core.i18n.localized).
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("ru", "az", "en")
MODELTRANSLATION_ENABLE_FALLBACKS = False
MODELTRANSLATION_AUTO_POPULATE = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves collected files through WhiteNoise with content hashes in
# their names (cached for a year) and gzip copies; development serves
# the sources as they are.
# Uploads: on the local disk (MEDIA_ROOT) unless MEDIA_STORAGE=s3, which keeps
# them in an S3-compatible bucket (django-storages; AWS_* settings below).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "").strip().lower() or "local"
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    from botocore.config import Config as _S3Config

    _media_storage = {
        "BACKEND": "core.storage.MediaBucketStorage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Another provider's S3 protocol (MinIO, Ceph, a cloud's): its address.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Readers get files through Turan (public/media.py), which decides
            # who may see each one: the bucket stays private.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # An object store that stops answering fails an upload in seconds.
            "client_config": _S3Config(
                connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}
            ),
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be local or s3.")
STORAGES = {
    "default": _media_storage,
    # Replaced and deleted originals, out of the served MEDIA_ROOT (core/quarantine.py).
    "quarantine": {"BACKEND": "core.quarantine.QuarantineStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# With a web server in front that serves MEDIA_ROOT at an internal location
# (nginx: `location /protected-media/ { internal; alias …/media/; }`), its
# prefix: Django checks who may see an upload and the server sends the bytes.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
# Originals no row shows any more (replaced, cleared, deleted), kept for the
# revisions that may restore them; never under MEDIA_ROOT, which is served.
QUARANTINE_ROOT = Path(os.environ.get("QUARANTINE_ROOT", BASE_DIR / "var" / "quarantine"))

LOGIN_URL = "admin:login"

# Only staff have sessions (readers never sign in). One ends this many seconds
# after signing in, however active, and after this many without a request
# (newsroom/sessions.py); the cookie and the stored session do not outlive it.
STAFF_SESSION_MAX_AGE = env_int("STAFF_SESSION_MAX_AGE", 12 * 60 * 60, minimum=60)
STAFF_SESSION_IDLE_TIMEOUT = env_int("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_AGE

# Brute-force protection: the first backend (django-axes) refuses a locked-out
# login, the second one that must wait (newsroom/login_delay.py), both before
# the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "newsroom.login_delay.AccountDelayBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locks one username from one address, so a stranger cannot lock an editor out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# How many reverse proxies in front append to X-Forwarded-For (0: none, the
# peer's address is the client's). The lockout counts per client address.
# One by default: `make serve` puts nginx in front. Reached directly, the peer
# is not a trusted proxy (below) and counts as the client whatever it sends.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
# The proxies' own addresses (addresses or networks): an X-Forwarded-For entry
# is believed only when a proxy listed here wrote it, so a server reached
# directly counts the peer, whatever header the client sends. Loopback and the
# private networks by default; list a CDN's networks when it is one of the hops.
TRUSTED_PROXIES = env_list(
    "TRUSTED_PROXIES", "127.0.0.0/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
)
try:
    _proxy_networks = client_ip.parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}.") from None
if TRUSTED_PROXY_COUNT and any(network.prefixlen == 0 for network in _proxy_networks):
    # Every address a proxy: any client's X-Forwarded-For would be believed.
    raise ImproperlyConfigured(
        "TRUSTED_PROXIES must list the proxies' addresses, not every address."
    )
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Beyond one address (newsroom/login_delay.py): after this many sign-in attempts
# for one username since its last success, from any addresses, each further one
# waits 30 s, then twice as long each time, up to LOGIN_ACCOUNT_MAX_DELAY
# seconds. A browser that has signed in to the account before never waits.
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 10, minimum=1)
LOGIN_ACCOUNT_MAX_DELAY = env_int("LOGIN_ACCOUNT_MAX_DELAY", 15 * 60, minimum=1)

# Second factor (django-otp, TOTP): optional for staff; with this on, editors
# (whoever may publish) must set it up before they can use the admin.
REQUIRE_2FA_FOR_EDITORS = env_bool("REQUIRE_2FA_FOR_EDITORS")
# How long a key shown on the enrolment page can be confirmed; each key belongs
# to the one session it was shown in.
TWO_STEP_ENROLMENT_MAX_AGE = timedelta(minutes=10)
# The issuer shown in authenticator apps next to the account name.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Turan")
# Superusers may remove a lost device in the admin, but never read its key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The largest image upload accepted (core/uploads.py), in bytes.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
# The largest request body the admin accepts: an upload and the form around it.
MAX_REQUEST_BODY = int(os.environ.get("MAX_REQUEST_BODY", MAX_UPLOAD_SIZE + 2_621_440))
# The most pixels an uploaded image may have (width × height).
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 40_000_000))
# The most memory accepting one image may take (its decoded pixels, copies made
# while turning or converting it, and the file), in bytes: a small file of many
# pixels is refused before it is decoded.
MAX_IMAGE_MEMORY = int(os.environ.get("MAX_IMAGE_MEMORY", 200 * 1024 * 1024))

# Browser features denied to every page (django-permissions-policy): the site
# uses none of them, so neither can anything that slips into a page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics",
        "camera", "clipboard-read", "display-capture", "encrypted-media", "geolocation",
        "gyroscope", "hid", "identity-credentials-get", "idle-detection", "interest-cohort",
        "keyboard-map", "local-fonts", "magnetometer", "microphone", "midi", "otp-credentials",
        "payment", "picture-in-picture", "publickey-credentials-create",
        "publickey-credentials-get", "screen-wake-lock", "serial", "shared-storage",
        "shared-storage-select-url", "storage-access", "usb", "web-share", "window-management",
        "xr-spatial-tracking",
    )
}  # fmt: skip

# Security. Production defaults are strict; each can be relaxed from the
# environment (e.g. behind a proxy that terminates TLS elsewhere).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): nothing from outside the site, no inline
# script or style and no eval. Public pages need no nonce (their HTML is shared
# by the page cache); admin pages that render an import map ask for one, and
# only those responses carry it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a promise to browser vendors that is slow to take back:
    # only on request. check --deploy's reminder about it is then silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The public site's name and publisher, as it appears in the byline and heads.
SITE_NAME = _("Turan Analytics")

# The partner API (newswire/): items' URIs start with this tag URI (RFC 4151),
# so they stay the agency's whatever host serves them; responses are kept this
# many seconds at most (and never past the next scheduled moment).
NEWSWIRE_URI_PREFIX = os.environ.get("NEWSWIRE_URI_PREFIX", "tag:turan.az,2017:")
NEWSWIRE_CACHE_SECONDS = env_int("NEWSWIRE_CACHE_SECONDS", 60)

# Webhooks (newswire/push.py, run by `manage.py newswire_worker`): items' links
# are made absolute with this address; each POST waits this many seconds at
# most; a failed delivery is tried again after RETRY_BASE seconds, doubling up
# to RETRY_MAX, for RETRY_HOURS; the worker looks for work this often (seconds).
NEWSWIRE_BASE_URL = os.environ.get("NEWSWIRE_BASE_URL") or (
    f"https://{ALLOWED_HOSTS[0].strip('[]')}/"
    if ALLOWED_HOSTS and ALLOWED_HOSTS[0] not in {"*", "localhost", "127.0.0.1", "[::1]"}
    else f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}/"
)
# Links in the newsroom's mail (newsroom/notify.py) point to the admin at this address.
ADMIN_BASE_URL = os.environ.get("ADMIN_BASE_URL") or NEWSWIRE_BASE_URL
NEWSWIRE_WEBHOOK_TIMEOUT = env_int("NEWSWIRE_WEBHOOK_TIMEOUT", 10)
NEWSWIRE_WEBHOOK_RETRY_BASE = env_int("NEWSWIRE_WEBHOOK_RETRY_BASE", 10)
NEWSWIRE_WEBHOOK_RETRY_MAX = env_int("NEWSWIRE_WEBHOOK_RETRY_MAX", 3600)
NEWSWIRE_WEBHOOK_RETRY_HOURS = env_int("NEWSWIRE_WEBHOOK_RETRY_HOURS", 24)
NEWSWIRE_WORKER_INTERVAL = float(os.environ.get("NEWSWIRE_WORKER_INTERVAL", "0.5"))
# Delivered and given-up deliveries stay in the admin's log this many days.
NEWSWIRE_DELIVERY_LOG_DAYS = env_int("NEWSWIRE_DELIVERY_LOG_DAYS", 30)

# Outgoing mail (newsroom notifications, the newsletter) through Django's
# email framework. With EMAIL_HOST set, mail goes to that SMTP server; without
# it, messages are written to the log console (a development machine has no
# mail server, and a save must never fail because mail cannot leave).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Turan <newsroom@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The newsletter (newsletter/): links in its mail start with this address
# (never the request's Host); a confirmation link works this many seconds; the
# signup form takes this many requests an hour from one client, and mails one
# address at most this many confirmation requests a day.
NEWSLETTER_BASE_URL = os.environ.get("NEWSLETTER_BASE_URL") or NEWSWIRE_BASE_URL
NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 60 * 60, minimum=60)
NEWSLETTER_SIGNUPS_PER_HOUR = env_int("NEWSLETTER_SIGNUPS_PER_HOUR", 10, minimum=1)
NEWSLETTER_MAILS_PER_ADDRESS = env_int("NEWSLETTER_MAILS_PER_ADDRESS", 3, minimum=1)

# Most read (newsletter/reads.py): each process writes its counted views after
# this many seconds or views, whichever comes first, and holds at most this
# many (article, language, hour) counts; a list is kept this many seconds.
READS_FLUSH_SECONDS = env_int("READS_FLUSH_SECONDS", 30, minimum=1)
READS_FLUSH_VIEWS = env_int("READS_FLUSH_VIEWS", 500, minimum=1)
READS_MAX_PENDING = env_int("READS_MAX_PENDING", 10_000, minimum=1)
READS_LIST_SECONDS = env_int("READS_LIST_SECONDS", 120, minimum=1)

# How long a shareable preview link (newsroom/preview.py) works, in seconds.
PREVIEW_LINK_MAX_AGE = int(os.environ.get("PREVIEW_LINK_MAX_AGE", 48 * 60 * 60))

# The article form's autosave (newsroom/autosave.py): seconds between saves
# while it holds changes, and the most form data one copy may hold, in bytes.
AUTOSAVE_INTERVAL = int(os.environ.get("AUTOSAVE_INTERVAL", 30))
AUTOSAVE_MAX_BYTES = int(os.environ.get("AUTOSAVE_MAX_BYTES", 1_000_000))

# One console handler: time, level, logger and request id on each line, or
# the same fields as JSON lines with LOG_FORMAT=json (core/logs.py).
LOGGING = logs.logging_config(
    os.environ.get("LOG_FORMAT", "").strip().lower() or "text",
    os.environ.get("LOG_LEVEL", "WARNING"),
)

# Error reports to Sentry, only when a DSN is given (otherwise sentry_sdk is
# never imported); no cookies, credentials or addresses are sent (core/sentry.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from core import sentry

    try:
        _traces_sample_rate = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0)
    except ValueError:
        _traces_sample_rate = -1.0
    if not 0 <= _traces_sample_rate <= 1:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.")
    sentry.init(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT")
        or ("development" if DEBUG else "production"),
        release=RELEASE,
        traces_sample_rate=_traces_sample_rate,
    )
