"""Stored search vectors for the bill list's full-text search (bills/search.py), on PostgreSQL only.

0009's expression indexes were skipped at 10,000 bills: ranking, and the OR between a bill's own
text and its rules', made PostgreSQL rebuild the vectors of ~200,000 rules per search (50-87 s
for "warrant"). Now PostgreSQL itself keeps, on every insert, update and delete (save(),
queryset.update(), bulk loads alike, so never stale and never a draft's words):
- ``search_vector`` on bills and provisions: generated columns, 0009's expressions unchanged;
- ``bills_bill.rules_vector``: the text, topic and parties of the bill's *published* provisions in
  one vector, kept by statement-level triggers on the provisions, their parties and the topic and
  party names, so a search tests one column per bill instead of reading its rules (a word in
  nearly every rule: 0.7 s of rule scans → 2 ms).
Django's models do not declare the columns (SQLite has none and searches without them);
bills.search.StoredVector names them.
"""

from django.db import migrations

BILL_VECTOR = """
    setweight(to_tsvector('english'::regconfig, coalesce(identifier, '') || ' ' || coalesce(title, '')
        || ' ' || coalesce(short_title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(summary, '') || ' '
        || coalesce(plain_summary, '')), 'B')
"""
PROVISION_VECTOR = """
    setweight(to_tsvector('english'::regconfig, coalesce(plain, '') || ' ' || coalesce(detail, '')
        || ' ' || coalesce(section, '')), 'C')
"""
# What a search finds a bill by through its published rules: their text, topic and parties' names.
REFRESH_FUNCTION = """
CREATE FUNCTION bills_refresh_rules_vectors(bill_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE bills_bill b SET rules_vector = coalesce((
        SELECT setweight(to_tsvector('english'::regconfig, string_agg(
            coalesce(p.plain, '') || ' ' || coalesce(p.detail, '') || ' ' || coalesce(p.section, '')
            || ' ' || c.name || ' ' || coalesce((
                SELECT string_agg(party.name, ' ') FROM bills_provision_parties pp
                JOIN bills_party party ON party.id = pp.party_id WHERE pp.provision_id = p.id), ''),
            ' ' ORDER BY p.id)), 'C')
        FROM bills_provision p JOIN bills_category c ON c.id = p.category_id
        WHERE p.bill_id = b.id AND p.is_published), ''::tsvector)
    WHERE b.id = ANY(bill_ids)
$$
"""
# Per table and change, the bills whose rules_vector it can change ("rows": new_rows, old_rows).
CHANGED_BILLS = {
    ("bills_provision", "INSERT"): "SELECT bill_id FROM new_rows",
    ("bills_provision", "DELETE"): "SELECT bill_id FROM old_rows",
    # An update may move a rule to another bill: both are refreshed.
    ("bills_provision", "UPDATE"): "SELECT bill_id FROM new_rows UNION SELECT bill_id FROM old_rows",
    ("bills_provision_parties", "INSERT"): (
        "SELECT bill_id FROM bills_provision WHERE id IN (SELECT provision_id FROM new_rows)"
    ),
    ("bills_provision_parties", "DELETE"): (
        "SELECT bill_id FROM bills_provision WHERE id IN (SELECT provision_id FROM old_rows)"
    ),
    ("bills_category", "UPDATE"): (
        "SELECT bill_id FROM bills_provision WHERE category_id IN (SELECT n.id FROM new_rows n "
        "JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name)"
    ),
    ("bills_party", "UPDATE"): (
        "SELECT p.bill_id FROM bills_provision p JOIN bills_provision_parties pp ON pp.provision_id = p.id "
        "WHERE pp.party_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE n.name IS DISTINCT FROM o.name)"
    ),
}
TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def trigger_name(table, op):
    return f"{table}_rules_vector_{op.lower()}"


def trigger_statements(table, op, changed_bills):
    """A statement-level trigger (one refresh per statement, however many rows) and its function."""
    name = trigger_name(table, op)
    function = (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM bills_refresh_rules_vectors(ARRAY({changed_bills})); RETURN NULL; END $$"
    )
    trigger = (
        f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {TRANSITION_TABLES[op]} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )
    return [function, trigger]


FORWARD = [
    "DROP INDEX IF EXISTS bill_search_idx",
    "DROP INDEX IF EXISTS provision_search_idx",
    f"ALTER TABLE bills_bill ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({BILL_VECTOR}) STORED",
    f"ALTER TABLE bills_provision ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({PROVISION_VECTOR}) STORED",
    "ALTER TABLE bills_bill ADD COLUMN rules_vector tsvector NOT NULL DEFAULT ''::tsvector",
    # lz4 where the server has it: ranking unpacks ~4 KB per bill, several times faster than pglz.
    "DO $$ BEGIN ALTER TABLE bills_bill ALTER COLUMN rules_vector SET COMPRESSION lz4; "
    "EXCEPTION WHEN feature_not_supported THEN NULL; END $$",
    REFRESH_FUNCTION,
    *(
        statement
        for (table, op), bills in CHANGED_BILLS.items()
        for statement in trigger_statements(table, op, bills)
    ),
    # The bills whose own text matches a word (search_bills, and its rank).
    "CREATE INDEX bill_search_vector_idx ON bills_bill USING gin (search_vector)",
    # The bills whose published rules match a word (search_bills).
    "CREATE INDEX bill_rules_vector_idx ON bills_bill USING gin (rules_vector)",
    # The rules whose own text matches a word (tests and ad-hoc queries; a page reads the rows' column).
    "CREATE INDEX provision_search_vector_idx ON bills_provision USING gin (search_vector)",
    # Every bill's, once; last, as updating bills leaves deferred key checks that forbid CREATE INDEX.
    "SELECT bills_refresh_rules_vectors(ARRAY(SELECT id FROM bills_bill))",
]
BACKWARD = [
    *(f"DROP TRIGGER {trigger_name(table, op)} ON {table}" for table, op in CHANGED_BILLS),
    *(f"DROP FUNCTION {trigger_name(table, op)}()" for table, op in CHANGED_BILLS),
    "DROP FUNCTION bills_refresh_rules_vectors(bigint[])",
    "ALTER TABLE bills_bill DROP COLUMN rules_vector",
    "ALTER TABLE bills_bill DROP COLUMN search_vector",
    "ALTER TABLE bills_provision DROP COLUMN search_vector",
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # other databases search without an index (bills/search.py)
    for statement in FORWARD:
        schema_editor.execute(statement)


def remove_vectors(apps, schema_editor):
    """Back to 0009's expression indexes (dropping a column drops its index)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)
    expression_indexes = [("bill_search_idx", "bills_bill", BILL_VECTOR)]
    expression_indexes.append(("provision_search_idx", "bills_provision", PROVISION_VECTOR))
    for name, table, vector in expression_indexes:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin (({vector}))")


class Migration(migrations.Migration):
    dependencies = [("bills", "0011_list_indexes")]

    operations = [migrations.RunPython(add_vectors, remove_vectors)]
