"""Indexes for the bounded list pages at 10,000 bills (issue 14).

Each index names the query it serves; the one on the parties' link table is plain SQL because
Django builds that table itself (no model to hang a Meta index on). SQLite builds both too (it
ignores INCLUDE).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bills", "0010_subscriptions")]

    operations = [
        # The party and topic pages' summaries (ProvisionQuerySet.first_of_each over the laws in
        # force): each law's provisions with their topic, effect and order, from the index alone.
        migrations.AddIndex(
            model_name="provision",
            index=models.Index(
                fields=["bill", "is_published"],
                include=("id", "category", "effect", "display_order"),
                name="provision_keys_idx",
            ),
        ),
        # The party page and the bill list's "governs" filter: the provisions of one party, read
        # from the index alone (Django's own index on party_id alone sends every row to the table).
        migrations.RunSQL(
            "CREATE INDEX provision_parties_party_idx ON bills_provision_parties (party_id, provision_id)",
            "DROP INDEX provision_parties_party_idx",
        ),
    ]
