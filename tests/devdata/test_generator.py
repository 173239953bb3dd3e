import io

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleByline, TaggedArticle
from people.models import Organization, Person

pytestmark = pytest.mark.django_db


def generate(n: int) -> None:
    call_command("generate_data", "--articles", str(n), "--no-progress", stdout=io.StringIO())


def test_generator_makes_n_articles_with_bylines_and_topics():
    generate(120)
    assert Article.objects.count() == 120
    without_bylines = Article.objects.exclude(bylines__isnull=False).count()
    without_topics = Article.objects.exclude(tags__isnull=False).count()
    assert without_bylines == 0 and without_topics == 0
    assert ArticleByline.objects.count() >= 120 and TaggedArticle.objects.count() >= 120
    assert Organization.objects.count() > 100 and Person.objects.count() > 100
    assert Article.objects.published().count() > 90
    assert len(set(Article.objects.values_list("slug", flat=True))) == 120


def test_generated_courts_list_their_stories():
    generate(60)
    high = Organization.objects.get(name="湖南省高级人民法院")
    assert Article.objects.about(high).count() == 60


def test_generator_runs_twice_without_duplicating_courts():
    generate(10)
    courts = Organization.objects.count()
    generate(10)
    assert Organization.objects.count() == courts
    assert Article.objects.count() == 20


def test_generated_tree_is_a_valid_treebeard_tree():
    generate(5)
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    mid = Organization.objects.get(name="株洲市中级人民法院")
    assert Organization.objects.get_parent(mid).name == "湖南省高级人民法院"
    assert Organization.objects.get_children(mid).count() >= 4


def test_generated_stories_read_like_varied_court_news():
    """Not the example page repeated: headlines and excerpts differ from story to story, no
    excerpt comes from the example page, and each story is about its own court."""
    from pathlib import Path

    import ingest
    from devdata.newswriter import KINDS

    generate(80)
    stories = list(Article.objects.prefetch_related("organizations", "tags"))
    headlines = {a.headline for a in stories}
    excerpts = {a.excerpt() for a in stories}
    assert len(headlines) >= 60 and len(excerpts) >= 75
    page = (Path(ingest.__file__).parent / "fixtures" / "example_page.txt").read_text()
    page = "".join(page.split())
    for article in stories:
        opening = article.excerpt()[:20]
        assert opening not in page, opening
        text = article.headline + article.body
        assert any(o.short_name in text for o in article.organizations.all())
        assert {t.name for t in article.tags.all()} & {k.topic for k in KINDS}
    beats = {t.name for a in stories for t in a.tags.all()[:1]}
    assert len(beats) >= 6
