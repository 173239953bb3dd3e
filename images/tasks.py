"""Background tasks (django-tasks): immediate by default, `manage.py db_worker` in production."""

from django_tasks import task

from images.models import Image
from images.renditions import generate_renditions


@task()
def generate_image_renditions(image_id: int) -> int:
    """Generate the image's missing renditions; return how many it has."""
    image = Image.objects.filter(pk=image_id).prefetch_related("renditions").first()
    if image is None:  # deleted before the worker got to it
        return 0
    return len(generate_renditions(image))
