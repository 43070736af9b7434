"""Settings for lambda-shop, read from environment variables only.

DJANGO_ENV=production (set by Terraform on the function) turns on the secure defaults and
makes every required variable mandatory; development defaults to an embedded SQLite database.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR.parent / ".local"

ENVIRONMENT = env_str("DJANGO_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
if ENVIRONMENT not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'production' or 'development', got {ENVIRONMENT!r}"
    )
# In AWS the key is never in the function's configuration (readable with GetFunctionConfiguration)
# nor in Terraform state: the function reads it by ARN once, at cold start. DJANGO_SECRET_KEY
# itself is for machines without Secrets Manager (tests, benchmarks).
SECRET_KEY_ARN = env_str("DJANGO_SECRET_KEY_ARN")
if IS_PRODUCTION:
    key_variables = [] if SECRET_KEY_ARN else ["DJANGO_SECRET_KEY"]
    require(
        [*key_variables, "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"],
        reason="DJANGO_ENV=production",
    )

if SECRET_KEY_ARN:
    from config.secrets import secret_string

    SECRET_KEY = secret_string(SECRET_KEY_ARN) or ""
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "django-insecure-development-only-key"
DEBUG = env_bool("DJANGO_DEBUG", default=not IS_PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

# CloudFront forwards the viewer's Host as X-Forwarded-Host (API Gateway needs its own Host),
# and API Gateway tells us the viewer scheme in X-Forwarded-Proto.
USE_X_FORWARDED_HOST = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    [f"https://{host}" for host in ALLOWED_HOSTS if host and not host.startswith(("*", "."))]
    if IS_PRODUCTION
    else [],
)

# "full" serves everything (admin included) and runs management commands; "api" is the same
# code with only what the JSON API needs, so the function behind /api/* starts faster.
SHOP_ROLE = env_str("DJANGO_SHOP_ROLE", "full")
if SHOP_ROLE not in {"full", "api"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"DJANGO_SHOP_ROLE must be 'full' or 'api', got {SHOP_ROLE!r}")

if SHOP_ROLE == "api":
    # Without django_tasks: its import pulls in the admin (django-stubs-ext), which this role
    # leaves out to start faster; the pipeline imports it only when it enqueues or runs a task.
    INSTALLED_APPS = ["django.contrib.staticfiles", "shop"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "shop.http_cache.PrivateByDefaultMiddleware",
        "django.middleware.http.ConditionalGetMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
else:
    INSTALLED_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "django_tasks",
        "shop",
    ]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "shop.http_cache.PrivateByDefaultMiddleware",
        "django.middleware.http.ConditionalGetMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]

# Terraform sets the ARN on every function behind CloudFront (modules/cdn): without the secret
# header CloudFront adds, a request is refused before anything else runs.
SHOP_ORIGIN_SECRET_ARN = env_str("SHOP_ORIGIN_SECRET_ARN")
SHOP_ORIGIN_HEADER = env_str("SHOP_ORIGIN_HEADER", "x-origin-verify")
if SHOP_ORIGIN_SECRET_ARN:
    MIDDLEWARE.insert(0, "config.origin.OriginVerifyMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{LOCAL_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# With RDS-managed credentials the password lives only in Secrets Manager; the wrapper engine
# fetches it when the first connection is opened, so a cold start that never touches the
# database never pays for the call.
DATABASE_SECRET_ARN = env_str("DATABASE_SECRET_ARN")
if DATABASE_SECRET_ARN:
    DATABASES["default"]["ENGINE"] = "config.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The build keeps only these Django locales in the Lambda package.
SHOP_LOCALES = ["en"]
LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English")]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = env_str("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR.parent / "dist" / "static")
# The manifest ships inside the Lambda package, so the function never reads S3 to resolve
# hashed names.
STATIC_MANIFEST_DIR = Path(env_str("DJANGO_STATIC_MANIFEST_DIR") or BASE_DIR)
STATIC_STORAGE = env_str("DJANGO_STATIC_STORAGE", "manifest" if IS_PRODUCTION else "plain")

MEDIA_URL = env_str("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or LOCAL_DIR / "media")
MEDIA_BUCKET = env_str("DJANGO_MEDIA_BUCKET")

STORAGES = {
    "default": (
        {
            "BACKEND": "config.media.MediaS3Storage",
            "OPTIONS": {"bucket_name": MEDIA_BUCKET, "location": "media"},
        }
        if MEDIA_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "config.staticfiles.PackagedManifestStaticFilesStorage"
            if STATIC_STORAGE == "manifest"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Requests over 1 MB are refused before the body is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SHOP_MAX_LINES = env_int("SHOP_MAX_LINES", 20)
SHOP_MAX_QUANTITY_PER_LINE = env_int("SHOP_MAX_QUANTITY_PER_LINE", 10)
# How long CloudFront may serve the catalogue without asking (s-maxage), and serve it stale while it
# refetches (stale-while-revalidate); 0 keeps it uncached. Terraform sets both
# (catalogue_cache_seconds, catalogue_stale_seconds).
SHOP_CATALOGUE_CACHE_SECONDS = env_int("DJANGO_CATALOGUE_CACHE_SECONDS", 0)
SHOP_CATALOGUE_STALE_SECONDS = env_int("DJANGO_CATALOGUE_STALE_SECONDS", 0)
if min(SHOP_CATALOGUE_CACHE_SECONDS, SHOP_CATALOGUE_STALE_SECONDS) < 0:
    raise ImproperlyConfigured("DJANGO_CATALOGUE_*_SECONDS must be 0 or more seconds")
SHOP_PAGE_SIZE = 20
# Rows each product's stock is split over: how many buyers of one product can hold a stock
# lock at once (see shop.stock). Changing it takes effect at a product's next restock.
SHOP_STOCK_SHARDS = env_int("SHOP_STOCK_SHARDS", 8)
if SHOP_STOCK_SHARDS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"SHOP_STOCK_SHARDS must be 1 or more, got {SHOP_STOCK_SHARDS}")
SHOP_MAX_PAGE_SIZE = 100
# The dev server serves the storefront at / so `make run` is the whole shop on one origin.
SHOP_STOREFRONT_DIR = BASE_DIR / "storefront"
SHOP_SERVE_STOREFRONT = env_bool("SHOP_SERVE_STOREFRONT", default=DEBUG)

# Customer accounts (shop.accounts): the user pool's public app client, which has no secret.
# Terraform sets both on the functions (terraform/accounts.tf); without them /api/auth/* is 503.
SHOP_COGNITO_USER_POOL_ID = env_str("SHOP_COGNITO_USER_POOL_ID")
SHOP_COGNITO_CLIENT_ID = env_str("SHOP_COGNITO_CLIENT_ID")
# How long the refresh cookie lasts: the client's refresh token validity.
SHOP_REFRESH_TOKEN_DAYS = env_int("SHOP_REFRESH_TOKEN_DAYS", 30)

from config.pipeline import *  # noqa: E402, F403 - the order pipeline's queue, email and topic

# `manage.py check --deploy` is clean in production. Two of its checks are about what CloudFront
# enforces at the edge for every response and request, so Django does not repeat them:
SILENCED_SYSTEM_CHECKS = (
    [
        # W004 SECURE_HSTS_SECONDS: Strict-Transport-Security comes from the distribution's
        # response headers policy (modules/cdn: strict_transport_security, override = true).
        "security.W004",
        # W008 SECURE_SSL_REDIRECT: every behaviour's viewer_protocol_policy is
        # redirect-to-https (modules/cdn), and the origin is reached over HTTPS only, so no
        # plain-HTTP request ever reaches Django.
        "security.W008",
    ]
    if IS_PRODUCTION
    else []
) + (
    # W003 CsrfViewMiddleware: the api role has no sessions and no cookie authentication (the
    # orders API is anonymous and guarded by Idempotency-Key), so there is nothing to forge;
    # the full role, which serves the admin, keeps the middleware.
    ["security.W003"] if SHOP_ROLE == "api" else []
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
