"""What serving the site needs that management commands do not."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_serving_settings() -> None:
    """Refuse to serve with DEBUG off and no SECRET_KEY or ALLOWED_HOSTS (called at start-up)."""
    if settings.DEBUG:
        return
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not _is_set(name)]
    if missing:
        raise ImproperlyConfigured(f"{' and '.join(missing)} must be set when DEBUG is off.")


def _is_set(name: str) -> bool:
    try:
        return bool(getattr(settings, name))
    except ImproperlyConfigured:  # Django refuses to hand out an empty SECRET_KEY
        return False
