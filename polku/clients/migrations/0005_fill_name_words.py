"""Index the names of clients registered before name words existed."""

import unicodedata
from typing import Any

from django.db import migrations


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fill(apps: Any, schema_editor: Any) -> None:
    Client = apps.get_model("clients", "Client")
    NameWord = apps.get_model("clients", "NameWord")
    batch = []
    for client in Client.objects.all().iterator():
        for word in sorted({search_key(w) for w in f"{client.last_name} {client.first_names}".split()}):
            batch.append(NameWord(organisation_id=client.organisation_id, client_id=client.pk, word=word))
        if len(batch) > 5000:
            NameWord.objects.bulk_create(batch)
            batch = []
    NameWord.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("clients", "0004_name_words")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
