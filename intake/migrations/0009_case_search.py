"""Case search (issue 13 item 1): the normalised docket key, and on PostgreSQL pg_trgm and the GIN indexes that
serve trigram similarity and full-text search. On SQLite only the key and its index are made: the rest is a
no-op there (TrigramExtension skips itself; the GIN indexes are created only on PostgreSQL).

The index expressions must stay those of intake/search.py (client_vector, argument_vector)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import DatabaseError, migrations, models, transaction

from intake.models import search_key_of_docket

PG_INDEXES = {
    # name %> 'castilo' (trigram word similarity)
    "Client": [
        GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="client_name_trgm"),
        # part of a register number: register_number LIKE '%45821%'
        GinIndex(fields=["register_number"], opclasses=["gin_trgm_ops"], name="client_register_trgm"),
        GinIndex(SearchVector("name", "register_number", config="simple"), name="client_search_vector"),
    ],
    "Argument": [GinIndex(SearchVector("text", config="english"), name="argument_search_vector")],
}


# Part of a name ("astil"): Django writes icontains as UPPER("name"::text) LIKE UPPER('%…%'). Written as SQL: an
# OpClass around an expression comes out of schema_editor.add_index with one pair of brackets too many.
NAME_UPPER_TRGM = (
    'CREATE INDEX "client_name_upper_trgm" ON "intake_client" USING gin ((UPPER("name"::text)) gin_trgm_ops)'
)


# PostgreSQL prices the trigram operator like an equality (cost 1), so at 10,000 clients it scans them all with
# word_similarity (~80 ms) rather than read the GIN index (~15 ms). Pricing the operator's function as what it is
# makes the planner take the index. Only the extension's owner may do this: without the right it is skipped.
PRICE_WORD_SIMILARITY = "ALTER FUNCTION word_similarity_commutator_op(text, text) COST {cost}"


def price_word_similarity(schema_editor, cost: int) -> None:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(PRICE_WORD_SIMILARITY.format(cost=cost))
    except DatabaseError:
        pass  # not the extension's owner: correct results, slower fuzzy name search


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's operation skips itself forwards on other databases but not backwards, where it asks SQLite for
    pg_extension: unapplying this migration on SQLite must be a no-op too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_docket_keys(apps, schema_editor):
    Case = apps.get_model("intake", "Case")
    cases = list(Case.objects.only("pk", "docket_number"))
    for case in cases:
        case.docket_key = search_key_of_docket(case.docket_number)
    Case.objects.bulk_update(cases, ["docket_key"], batch_size=1000)


def add_pg_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, indexes in PG_INDEXES.items():
        for index in indexes:
            schema_editor.add_index(apps.get_model("intake", model_name), index)
    schema_editor.execute(NAME_UPPER_TRGM)
    price_word_similarity(schema_editor, 1000)


def remove_pg_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    price_word_similarity(schema_editor, 1)
    schema_editor.execute('DROP INDEX "client_name_upper_trgm"')
    for model_name, indexes in PG_INDEXES.items():
        for index in indexes:
            schema_editor.remove_index(apps.get_model("intake", model_name), index)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0008_sentence_note_and_incomplete_drafts'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='docket_key',
            field=models.CharField(blank=True, editable=False, max_length=40),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['organisation', 'docket_key'], name='case_org_docket_key'),
        ),
        migrations.RunPython(fill_docket_keys, migrations.RunPython.noop),
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(add_pg_indexes, remove_pg_indexes),
    ]
