from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TicketKind(models.TextChoices):
    INQUIRY = "inquiry", _("inquiry")
    INCIDENT = "incident", _("incident")
    COMPLAINT = "complaint", _("complaint (Reklamation)")
    REQUEST = "request", _("request")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class TicketStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("ticket", "new")
    OPEN = "open", pgettext_lazy("ticket", "open")
    WAITING = "waiting", _("waiting for the customer")
    SOLVED = "solved", _("solved")
    CLOSED = "closed", pgettext_lazy("ticket", "closed")


class Availability(models.TextChoices):
    OFFICE = "office", _("in the office")
    HOME = "home", _("home office")
    AWAY = "away", _("away")


OPEN_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.WAITING)
