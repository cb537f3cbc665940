"""The year of a date column, grouped on in the database.

Django's ``ExtractYear`` on SQLite calls a Python function for every row (``django_date_extract``):
on the portal overview that was 32,000 calls and most of its SQL time. A SQLite date is stored as
``YYYY-MM-DD`` text, so its year is the first four characters, read by SQLite itself. On PostgreSQL
this is ``ExtractYear`` unchanged.
"""
from django.db.models.functions import ExtractYear


class Year(ExtractYear):
    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params
