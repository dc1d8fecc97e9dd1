"""GIN indexes for the bill list's full-text search (bills/search.py), on PostgreSQL only.

Expression indexes rather than a stored SearchVectorField: the searched text lives in three tables
(bills, provisions, places), and a stored copy would go stale whenever a row changes without
save() (queryset.update(), bulk loads, a renamed place) — at worst keeping a draft provision's
words findable. PostgreSQL keeps an expression index current on every write by itself.
The expressions must stay equal to BILL_VECTOR and PROVISION_VECTOR in bills/search.py.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"


def search_indexes():
    bill_vector = SearchVector("identifier", "title", "short_title", weight="A", config=CONFIG) + SearchVector(
        "summary", "plain_summary", weight="B", config=CONFIG
    )
    provision_vector = SearchVector("plain", "detail", "section", weight="C", config=CONFIG)
    return [
        ("Bill", GinIndex(bill_vector, name="bill_search_idx")),
        ("Provision", GinIndex(provision_vector, name="provision_search_idx")),
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # other databases search without an index (bills/search.py)
    for model_name, index in search_indexes():
        schema_editor.add_index(apps.get_model("bills", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in search_indexes():
        schema_editor.remove_index(apps.get_model("bills", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("bills", "0008_definitions")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
