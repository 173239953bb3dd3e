"""Keep each story's dates in its search_document row (PostgreSQL), indexed newest first.

Ranking then takes the newest title-field matches straight from the index row, without a
join to the articles. SQLite's FTS5 table is left as it is: there the ranking joins the
articles, which are small enough for it.
"""

from django.db import migrations

from search.operations import RunSQLOnVendor


class Migration(migrations.Migration):
    dependencies = [("search", "0001_create_search_document_index")]

    operations = [
        RunSQLOnVendor(
            "postgresql",
            sql=[
                # published_at: the story's as the articles table has it (NULL if never
                # published); ranked_at: the date recency is counted from, published_at or,
                # for a story never published, created_at. Filled by 0003 and by indexing.
                "ALTER TABLE search_document"
                " ADD COLUMN published_at timestamptz,"
                " ADD COLUMN ranked_at timestamptz",
                "CREATE INDEX search_document_ranked_at"
                " ON search_document (ranked_at DESC NULLS LAST, article_id DESC)",
            ],
            reverse_sql=[
                "DROP INDEX search_document_ranked_at",
                "ALTER TABLE search_document DROP COLUMN published_at, DROP COLUMN ranked_at",
            ],
        ),
    ]
