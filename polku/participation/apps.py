from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "polku.participation"
    label = "participation"
    verbose_name = _("The client's own pages")
