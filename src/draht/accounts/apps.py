from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "draht.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signin, twofactor  # noqa: F401 - connect the sign-in audit and the device signals
