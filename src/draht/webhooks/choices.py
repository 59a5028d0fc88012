from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    INTERACTION_CREATED = "interaction.created", _("interaction created")
    CUSTOMER_CHANGED = "customer.changed", _("customer changed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")
