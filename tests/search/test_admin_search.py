import pytest
from django.urls import reverse

from articles.models import ArticleStatus

pytestmark = pytest.mark.django_db


def admin_headlines(admin_client, q):
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": q})
    assert response.status_code == 200
    return sorted(a.headline for a in response.context["cl"].result_list)


def test_admin_search_uses_the_index_and_finds_drafts(admin_client, indexed):
    indexed(headline="梓湖小学草稿", status=ArticleStatus.DRAFT, published_at=None)
    indexed(headline="梓湖小学已发布")
    indexed(headline="无关稿件", body="<p>无关。</p>")
    assert admin_headlines(admin_client, "梓湖小学") == ["梓湖小学已发布", "梓湖小学草稿"]


def test_admin_search_finds_byline_names(admin_client, demo):
    assert admin_headlines(admin_client, "谢燕") == ["以品牌建设赋能高质量发展"]


@pytest.mark.parametrize("q", ['"法检', "* -", "'; DROP TABLE x; --", "<script>"])
def test_admin_search_survives_bad_input(admin_client, demo, q):
    admin_headlines(admin_client, q)
