import json
import pytest
from polku.plans.tests.test_plan import agreed, plan, relationship  # noqa
from polku.archive.exports import plan_document
from polku.archive.validation import problems

pytestmark = pytest.mark.django_db


def test_scratch(agreed):
    v = agreed.versions.get()
    e = plan_document(v)
    open("/tmp/archive_notes/plan.json", "w").write(json.dumps(e.document, ensure_ascii=False, indent=1))
    for p in problems(e):
        print(p)
    assert 0
