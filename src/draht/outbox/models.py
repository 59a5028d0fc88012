from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    UNKNOWN = "unknown", _("Delivery unknown")


class OutgoingEmail(models.Model):
    """An e-mail written in draht, waiting to be sent or sent. Its Message-ID is fixed when it is written, so
    the message keeps its identity over retries; `sending` is claimed before the SMTP dialogue."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="outgoing_emails")
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("from"), null=True,
                               on_delete=models.SET_NULL, related_name="outgoing_emails")
    from_address = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=300, blank=True)
    references = models.TextField(_("References"), blank=True)
    thread = models.ForeignKey("timeline.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_bulk = models.BooleanField(_("bulk"), default=False)
    is_automated = models.BooleanField(_("automated"), default=False)
    # A meeting invitation: the iTIP method (REQUEST, CANCEL) and the iCalendar text, sent as text/calendar beside
    # the text; such a message is never personal contact by itself (the held meeting is).
    calendar_method = models.CharField(_("calendar method"), max_length=10, blank=True, editable=False)
    calendar = models.TextField(_("calendar"), blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=OutgoingStatus.choices,
                              default=OutgoingStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    interaction = models.OneToOneField("timeline.Interaction", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="outgoing_email")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_due",
                         condition=Q(status__in=["queued", "sending"])),
            models.Index(fields=["customer", "-created_at"], name="outgoing_customer"),
        ]

    def __str__(self):
        return self.subject

    @property
    def problem(self) -> str:
        """The last sending problem in words (the technical text stays in last_error, for managers)."""
        from .rules import problem_summary

        return problem_summary(self.last_error)


class OutgoingAttachment(models.Model):
    """A file sent with an e-mail; its content is a Blob (stored once, like received attachments)."""

    email = models.ForeignKey(OutgoingEmail, on_delete=models.CASCADE, related_name="attachments")
    blob = models.ForeignKey("inbox.Blob", on_delete=models.PROTECT, related_name="outgoing_attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.BigIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename
