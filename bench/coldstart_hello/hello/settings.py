"""No apps, no middleware, no database: Django's floor."""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "hello-world-benchmark-only")
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_X_FORWARDED_HOST = True
ROOT_URLCONF = "hello.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
