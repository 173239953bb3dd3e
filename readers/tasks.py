"""Background tasks of the readers' website (django-tasks)."""

from django_tasks import task

from readers import rendering


@task()
def refresh_article_renders(article_ids: list[int]) -> int:
    """Render these stories' reader HTML again after a change; return how many were stored."""
    return len(rendering.refresh(article_ids))
