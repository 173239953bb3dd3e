"""Project-wide views: the database-free 500 page."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """Render the 500 page without touching the database (it may be what failed)."""
    try:
        template = loader.get_template("500.html")
        body = template.render({"PUBLICATION_NAME": settings.PUBLICATION_NAME})
    except Exception:  # the error page itself must never fail
        body = "<h1>服务器出错了</h1><p>请稍后再试。</p>"
    return HttpResponseServerError(body)
