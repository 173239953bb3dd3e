"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from newsroom.serving import require_serving_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

require_serving_settings()  # gunicorn and runserver both start here
application = get_asgi_application()
