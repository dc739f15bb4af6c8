"""National code sets (THL's code server, koodistopalvelu.kanta.fi) and the short internal
lists of the national document structures, kept as data: each set has its OID and version,
and an organisation loads the official values with `manage.py load_code_sets`."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CodeSet(models.Model):
    oid = models.CharField(_("OID"), max_length=100, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    version = models.CharField(_("version"), max_length=50)
    # True while any value in use is one of Polku's stand-ins, not the code server's.
    is_placeholder = models.BooleanField(_("placeholder values"), default=False)

    class Meta:
        verbose_name = _("code set")
        verbose_name_plural = _("code sets")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return f"{self.name_fi} ({self.oid})"


class Code(models.Model):
    code_set = models.ForeignKey(CodeSet, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=20)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    # Plain words for the client's own documents, where the official name is technical.
    plain_fi = models.CharField(_("plain name in Finnish"), max_length=300, blank=True)
    plain_sv = models.CharField(_("plain name in Swedish"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)
    # True for Polku's stand-in values, which no national document may carry. A set can be
    # partly official (only some values are published), so the mark is per value.
    placeholder = models.BooleanField(_("placeholder value"), default=False)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["code_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["code_set", "code"], name="code_unique_in_set")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi

    def plain_name(self, language: str) -> str:
        """The name as the client reads it, in the client's language."""
        if language == "sv":
            return self.plain_sv or self.name_sv or self.plain_fi or self.name_fi
        return self.plain_fi or self.name_fi
