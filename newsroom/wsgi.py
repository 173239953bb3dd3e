"""WSGI entry point, as used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.serving import require_serving_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

require_serving_settings()  # gunicorn and runserver both start here
application = get_wsgi_application()
