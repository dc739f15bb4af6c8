from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesConfig(AppConfig):
    name = "polku.codes"
    label = "codes"
    verbose_name = _("National code sets")
