from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    AGENT = "agent", _("Service agent")
    TECHNICIAN = "technician", _("Technician")
    COMMUNICATIONS = "communications", _("Communications")
