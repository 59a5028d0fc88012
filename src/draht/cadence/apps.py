from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadenceConfig(AppConfig):
    name = "draht.cadence"
    verbose_name = _("Contact cadence")
