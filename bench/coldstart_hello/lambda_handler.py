"""Hello-world baseline for bench/coldstart.py: the least a Django + apig-wsgi function does.

Built by the same tool as the shop (tools/package), so the comparison isolates what the shop
itself adds at start-up.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello.settings")

import django

django.setup()

from apig_wsgi import make_lambda_handler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

handler = make_lambda_handler(get_wsgi_application(), binary_support=True)
