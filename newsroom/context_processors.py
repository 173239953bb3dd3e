"""Template context shared by every page."""

from django.conf import settings


def site(request):
    """Expose the publication's name and public URL to templates."""
    return {"PUBLICATION_NAME": settings.PUBLICATION_NAME, "SITE_URL": settings.SITE_URL}
