from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "polku.stats"
    label = "stats"
    verbose_name = "Polku: team statistics"
