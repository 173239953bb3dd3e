import pytest

from tests.factories import ArticleFactory


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Create a story with the factory (the index follows it once the transaction commits)."""

    def make(topics=(), organizations=(), bylines=(), **fields):
        with django_capture_on_commit_callbacks(execute=True):
            article = ArticleFactory(**fields)
            if topics:
                article.tags.set(topics)
            if organizations:
                article.organizations.set(organizations)
            for position, person in enumerate(bylines):
                article.bylines.create(person=person, position=position)
        return article

    return make
