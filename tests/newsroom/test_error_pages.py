import pytest
from django.test import RequestFactory

from newsroom.views import server_error

pytestmark = pytest.mark.django_db


def test_404_page_is_friendly_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "抱歉，页面不存在" in html and 'href="/"' in html


def test_500_page_is_friendly_chinese_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "抱歉，服务器出错了" in html and "湖南法治报" in html
