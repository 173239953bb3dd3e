"""Every public page issues a bounded number of queries, whatever the number of stories."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import OrganizationKind
from readers.models import ArticleRender
from tests.factories import ImageFactory, OrganizationFactory, PersonFactory, story

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime(2024, 6, 18, 8, 0, tzinfo=SHANGHAI)

# The most queries each page may issue, with 5 stories or with 60, once the stories' reader
# HTML is stored (readers/rendering.py): the steady state readers meet.
BOUNDS = {
    # Latest stories, the courts, their newest stories (one UNION of index ranges), topics.
    "home": 4,
    # The count (up to a cap) and the page's stories with their stored cards.
    "latest": 2,
    # The story with its stored page, then its neighbours (one UNION of index ranges).
    "article": 2,
    # The court, the organisations above and below it, the count and the page.
    "court": 4,
    "directory": 1,
    "topics": 2,
    "topic": 3,
    "person": 3,
    "year": 6,
    "month": 6,
    "day": 7,
    # Feeds: one more (fixed) query for the items' correction notes (更正).
    "feed": 5,
    "court_feed": 5,
    "topic_feed": 5,
    "person_feed": 5,
    "sitemap_index": 5,
    "sitemap_articles": 2,
    "sitemap_people": 2,
    "news_sitemap": 1,
}
# Rendering and storing the shown stories' HTML when none is stored yet (after a deploy, a
# rename) costs a fixed number of queries more, whatever the number of stories.
RENDER_QUERIES = 10


@pytest.fixture(params=[5, 60], ids=["5-stories", "60-stories"])
def site(request):
    court = OrganizationFactory(kind=OrganizationKind.INTERMEDIATE_COURT)
    lower = OrganizationFactory(parent=court)
    branches = [OrganizationFactory(parent=lower) for _ in range(4)]
    people = [PersonFactory(name=f"记者{i}", affiliation=lower) for i in range(8)]
    image = ImageFactory()
    for _ in range(5):  # more court blocks on the home page
        other = OrganizationFactory(kind=OrganizationKind.INTERMEDIATE_COURT)
        story(organizations=[OrganizationFactory(parent=other)], published_at=DAY)
    for i in range(request.param):
        story(
            organizations=[branches[i % 4], court],
            topics=["党建", f"专题{i % 5}"],
            people=[people[i % 8], people[(i + 1) % 8], people[(i + 2) % 8]],
            published_at=DAY - timedelta(minutes=i),
            lead_image=image,
        )
    article = Article.objects.order_by("published_at")[request.param // 2]
    return {
        "home": reverse("readers:home"),
        "latest": reverse("readers:latest"),
        "article": article.get_absolute_url(),
        "court": court.get_absolute_url(),
        "directory": reverse("readers:organization_list"),
        "topics": reverse("readers:topic_list"),
        "topic": reverse("readers:topic_detail", args=["dang-jian"]),
        "person": people[0].get_absolute_url(),
        "year": reverse("readers:archive_year", args=[2024]),
        "month": reverse("readers:archive_month", args=[2024, 6]),
        "day": reverse("readers:archive_day", args=[2024, 6, 18]),
        "feed": reverse("readers:feed"),
        "court_feed": reverse("readers:organization_feed", args=[court.slug]),
        "topic_feed": reverse("readers:topic_feed", args=["dang-jian"]),
        "person_feed": reverse("readers:person_feed", args=[people[0].slug]),
        "sitemap_index": reverse("readers:sitemap_index"),
        "sitemap_articles": reverse("readers:sitemap_section", args=["articles"]),
        "sitemap_people": reverse("readers:sitemap_section", args=["people"]),
        "news_sitemap": reverse("readers:news_sitemap"),
    }


@pytest.mark.parametrize("page", BOUNDS)
def test_page_queries_are_bounded(page, site, client, django_assert_max_num_queries):
    ArticleRender.objects.all().delete()
    with django_assert_max_num_queries(BOUNDS[page] + RENDER_QUERIES):
        response = client.get(site[page])
    assert response.status_code == 200
    with django_assert_max_num_queries(BOUNDS[page]):
        again = client.get(site[page])
    assert again.status_code == 200
    assert again.content == response.content
