"""Case search: ``Client.name_key``, the name without apostrophes, periods, hyphens and spaces, worked out and
stored by the database (a generated column: existing rows get it as the column is added), and on PostgreSQL a
GIN trigram index for the ``UPPER(name_key) LIKE '%…%'`` that icontains writes, as migration 0009 gives the name.
The history table leaves it out (``excluded_fields``)."""

import django.db.models.functions.text
from django.db import migrations, models

# Written as SQL for the reason migration 0009 gives: an OpClass around an expression gets one pair of brackets too
# many from schema_editor.add_index.
NAME_KEY_UPPER_TRGM = (
    'CREATE INDEX "client_name_key_upper_trgm" ON "intake_client" USING gin ((UPPER("name_key"::text)) gin_trgm_ops)'
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NAME_KEY_UPPER_TRGM)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX "client_name_key_upper_trgm"')


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0013_terminal_illness_help_from_law_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='client',
            name='name_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(models.F('name'), models.Value("'"), models.Value('')), models.Value('’'), models.Value('')), models.Value('‘'), models.Value('')), models.Value('`'), models.Value('')), models.Value('´'), models.Value('')), models.Value('.'), models.Value('')), models.Value(','), models.Value('')), models.Value('-'), models.Value('')), models.Value(' '), models.Value('')), output_field=models.CharField(max_length=200)),
        ),
        migrations.RunPython(add_index, remove_index),
    ]
