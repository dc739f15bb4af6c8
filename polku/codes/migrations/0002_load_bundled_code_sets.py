"""Load the code sets shipped with Polku, so every database has them after migrating.
Later updates come with `manage.py load_code_sets`."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from polku.codes.loader import bundled_files, load_file

    for path in bundled_files():
        load_file(path, apps.get_model("codes", "CodeSet"), apps.get_model("codes", "Code"))


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
