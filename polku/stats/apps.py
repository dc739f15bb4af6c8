from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "polku.stats"
    label = "stats"
    verbose_name = _("Team statistics")
