"""Copy the stories' dates into the search_document rows already indexed (PostgreSQL)."""

from django.db import migrations

from search.operations import RunSQLOnVendor


class Migration(migrations.Migration):
    dependencies = [("search", "0002_add_search_document_dates"), ("articles", "0001_initial")]

    operations = [
        RunSQLOnVendor(
            "postgresql",
            sql=[
                "UPDATE search_document d"
                " SET published_at = a.published_at,"
                " ranked_at = coalesce(a.published_at, a.created_at)"
                " FROM articles_article a WHERE a.id = d.article_id",
                "ANALYZE search_document",
            ],
            reverse_sql=["UPDATE search_document SET published_at = NULL, ranked_at = NULL"],
        ),
    ]
