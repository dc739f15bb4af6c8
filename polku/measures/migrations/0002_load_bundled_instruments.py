"""Load the instruments shipped with Polku, so every database has them after migrating.
Later versions come with `manage.py load_instruments` or the admin."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from polku.measures.loader import bundled_files, load_file

    for path in bundled_files():
        load_file(path, apps.get_model("measures", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
