"""The admin site as a whole: its titles, and what it does not show."""

from django.conf import settings
from django.contrib import admin

admin.site.site_header = f"{settings.PUBLICATION_NAME} 采编系统"
admin.site.site_title = "采编系统"
admin.site.index_title = "采编工作台"

# The task queue's results only exist with the database backend; otherwise hide its admin.
if settings.TASK_BACKEND != "database":
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
