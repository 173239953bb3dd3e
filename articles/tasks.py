"""Background tasks (django-tasks): immediate by default, `manage.py db_worker` in production."""

from django_tasks import task

from articles import imaging
from articles.models import Image


@task()
def generate_image_renditions(image_id: int) -> int:
    """Generate the image's missing renditions; return how many it has."""
    image = Image.objects.filter(pk=image_id).prefetch_related("renditions").first()
    if image is None:  # deleted before the worker got to it
        return 0
    return len(imaging.generate_renditions(image))


@task()
def refresh_article_renders(article_ids: list[int]) -> int:
    """Render these stories' reader HTML again after a change; return how many were stored."""
    from articles import rendering

    return len(rendering.refresh(article_ids))
