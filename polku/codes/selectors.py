from django.db.models import QuerySet

from polku.codes.models import Code


def codes_of(oid: str) -> QuerySet[Code]:
    """The values in use of one code set, in their order."""
    return Code.objects.filter(code_set__oid=oid, active=True).order_by("order", "pk")
