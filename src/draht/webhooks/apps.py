from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "draht.webhooks"
    verbose_name = _("Outbound webhooks")
