"""Create the search index: a weighted tsvector with a GIN index on PostgreSQL, FTS5 on SQLite.

Each operation runs only on its own database vendor and is a no-op on the other.
"""

from django.db import migrations


class RunSQLOnVendor(migrations.RunSQL):
    """RunSQL that only runs on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {**kwargs, "vendor": self.vendor}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0001_initial")]

    operations = [
        RunSQLOnVendor(
            "postgresql",
            sql=[
                # No foreign key: a flush (TRUNCATE) of articles must not need CASCADE; the
                # article_changed receiver deletes entries, and searches join articles anyway.
                # vector (all four fields, weighted A–D) is what queries match; title_vector
                # (headline, deck, names only) is small enough to stay in the row, so ranking
                # reads it instead of the whole story's vector.
                "CREATE TABLE search_document ("
                " article_id bigint PRIMARY KEY,"
                " vector tsvector NOT NULL,"
                " title_vector tsvector NOT NULL)",
                "CREATE INDEX search_document_vector_gin ON search_document USING gin (vector)",
                "CREATE INDEX search_document_title_gin ON search_document USING gin (title_vector)",
            ],
            reverse_sql=["DROP TABLE search_document"],
        ),
        RunSQLOnVendor(
            "sqlite",
            sql=[
                # Our tokens are already split, lower-cased and normalised; unicode61 splits on
                # the spaces between them and changes nothing else (diacritics kept, as on
                # PostgreSQL's 'simple' configuration).
                "CREATE VIRTUAL TABLE search_document USING fts5("
                " headline, deck, names, body,"
                " tokenize = 'unicode61 remove_diacritics 0')",
            ],
            reverse_sql=["DROP TABLE search_document"],
        ),
    ]
