"""Settings for Newsroom, read from the environment (see .env.example)."""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The test runner sets no secrets; it must still start with DEBUG off.
TESTING = "pytest" in sys.modules or "test" in sys.argv[1:2]

DEBUG = env.bool("DEBUG", default=False)

# With DEBUG off, serving the site without these stops at start-up (newsroom/serving.py, called
# by the WSGI and ASGI entry points); commands that need neither (migrate, makemigrations,
# check) run without them.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG or TESTING:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "treebeard",
    "reversion",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "newsroom",
    "people",
    "images",
    "articles",
    "ingest",
    "search",
    "readers",
    "devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "readers.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "newsroom.context_processors.site",
                "readers.context_processors.site_urls",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    _db = DATABASES["default"]
    _options = _db.setdefault("OPTIONS", {})
    # Each process keeps its connections in a pool (Django's own psycopg_pool support); a
    # connection is checked before each request takes it, so a database restart or a killed
    # backend costs no reader an error. DB_POOL=false falls back to persistent connections
    # (CONN_MAX_AGE) with Django's health check before each request's first query.
    if env.bool("DB_POOL", default=True):
        _db["CONN_MAX_AGE"] = 0
        _options["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=4),
            "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
        }
    else:
        _db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    _db["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    # Server-side parameter binding lets the server prepare a statement it has seen
    # DB_PREPARE_THRESHOLD times on a connection and plan it once: planning the readers'
    # short index lookups cost it more than running them. Behind a pooler in transaction
    # mode (PgBouncer before 1.21) prepared statements do not work: set DB_PREPARE_THRESHOLD=0.
    _options["server_side_binding"] = env.bool("DB_SERVER_SIDE_BINDING", default=True)
    _threshold = env.int("DB_PREPARE_THRESHOLD", default=5)
    _options["prepare_threshold"] = _threshold or None

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://newsroom")}
# Readers' pages are cached whole for this long at most (see readers/cache.py). Off by default
# with the per-process local-memory cache: invalidation must reach every worker.
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS",
    default=0 if CACHES["default"]["BACKEND"].endswith("LocMemCache") else 600,
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Without collectstatic (development, tests) whitenoise serves from the finders instead.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploaded originals keep their EXIF (GPS included): they live apart from MEDIA_ROOT, are never
# given a public URL, and staff download them through the admin. Readers only ever get the
# stripped master and renditions from "default".
PRIVATE_MEDIA_ROOT = Path(
    env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private-media"))
)
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    # Any S3-compatible service (AWS, MinIO, Ceph, Aliyun OSS, Tencent COS …) via django-storages.
    _s3 = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
        "file_overwrite": False,
    }
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3
        | {
            "location": "media",
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
        },
    }
    _originals_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3
        | {
            "bucket_name": env.str(
                "AWS_PRIVATE_BUCKET_NAME", default=env.str("AWS_STORAGE_BUCKET_NAME")
            ),
            # upload_to already starts with "originals/"; no location prefix on top of it.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _originals_storage = {
        "BACKEND": "images.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
# The app serves MEDIA_ROOT's images itself (newsroom/media.py) unless a front web server does
# (set MEDIA_SERVE=false there); browsers keep an image MEDIA_CACHE_SECONDS, then revalidate.
MEDIA_SERVE = env.bool("MEDIA_SERVE", default=MEDIA_STORAGE == "local")
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=86400)

STORAGES = {
    "default": _media_storage,
    "originals": _originals_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Security: strict unless DEBUG; each can be relaxed from the environment (e.g. plain-HTTP
# load tests on loopback).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")

TAGGIT_CASE_INSENSITIVE = True

# The paper's name prints in bylines ("湖南法治报全媒体记者 王薇") and lead-ins ("湖南法治报讯").
PUBLICATION_NAME = env.str("PUBLICATION_NAME", default="湖南法治报")
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# The editorial workflow (三审三校). One Group per review level, in order: its length is the
# number of levels (default three: 初审 by 编辑, 复审 by 部门主任, 终审 by 总编辑).
EDITORIAL_REVIEW_GROUPS = env.list(
    "EDITORIAL_REVIEW_GROUPS", default=["编辑", "部门主任", "总编辑"]
)
# How long a signed preview link works (seconds); it also stops once the story is public.
PREVIEW_LINK_MAX_AGE = env.int("PREVIEW_LINK_MAX_AGE", default=3 * 24 * 3600)
# Someone who opened a story and has not been seen for this long is no longer "editing".
EDITING_PRESENCE_SECONDS = env.int("EDITING_PRESENCE_SECONDS", default=300)

# Upload limits for images (bytes and pixels).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Also Pillow's decompression-bomb limit (images.apps sets PIL.Image.MAX_IMAGE_PIXELS from it).
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=60_000_000)
# A print page's text is tens of kilobytes; anything near this limit is not a page dump.
INGEST_MAX_PAGE_BYTES = env.int("INGEST_MAX_PAGE_BYTES", default=1024 * 1024)
# The public master (oriented, metadata stripped) is scaled to fit this edge; renditions come from it.
# 3000 lets a 24-megapixel (6000×4000) JPEG decode straight at half scale (see imaging.py).
IMAGE_MASTER_MAX_EDGE = env.int("IMAGE_MASTER_MAX_EDGE", default=3000)

# Background tasks (django-tasks): renditions are generated by a task after each upload. The
# immediate backend runs it at once, in the request; "database" queues it for
# `manage.py db_worker` (see README).
TASK_BACKEND = env.str("TASK_BACKEND", default="immediate")
_task_backends = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASK_BACKEND not in _task_backends:
    raise ImproperlyConfigured("TASK_BACKEND must be 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": _task_backends[TASK_BACKEND]}}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
