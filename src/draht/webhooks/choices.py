from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    INTERACTION_CREATED = "interaction.created", _("interaction created")
    CUSTOMER_CHANGED = "customer.changed", _("customer changed")
    MEETING_CREATED = "meeting.created", _("meeting planned")
    MEETING_CHANGED = "meeting.changed", _("meeting changed (also held or no-show)")
    MEETING_CANCELLED = "meeting.cancelled", _("meeting cancelled")
    BOOKING_CREATED = "booking.created", _("slot booked on a booking page")
    TICKET_CREATED = "ticket.created", _("ticket opened")
    TICKET_CHANGED = "ticket.changed", _("ticket changed (status or owner)")
    FEEDBACK_RECEIVED = "feedback.received", _("a customer rated us")
    DISPATCH_PLANNED = "dispatch.planned", _("on-site visit planned")
    DISPATCH_COMPLETED = "dispatch.completed", _("on-site visit completed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")
