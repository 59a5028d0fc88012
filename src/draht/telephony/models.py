from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import CallState


class Call(models.Model):
    """One call reported by the telephone system, and the timeline interaction it became (when the number
    belongs to a customer)."""

    call_id = models.CharField(_("call id"), max_length=100, unique=True)
    direction = models.CharField(_("direction"), max_length=8)
    remote_number = models.CharField(_("number"), max_length=40, help_text=_("E.164 when it could be read"))
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="calls")
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="calls")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rings for"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="calls")
    interaction = models.OneToOneField("timeline.Interaction", verbose_name=_("interaction"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="call")
    state = models.CharField(_("state"), max_length=10, choices=CallState.choices, default=CallState.RINGING)
    ringing_at = models.DateTimeField(_("ringing since"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-ringing_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["user", "-ringing_at"], name="call_ringing_for_user",
                                condition=Q(state="ringing"))]

    def __str__(self):
        return f"{self.remote_number} {self.ringing_at:%Y-%m-%d %H:%M}"
