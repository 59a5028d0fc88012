from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CHANNEL_ICONS, Channel, Direction, Outcome, Source


class Thread(models.Model):
    """A conversation across messages (an e-mail thread, a chat): its interactions show collapsed on the
    timeline under the latest one. `key` names threads that connectors identify themselves."""

    subject = models.CharField(_("subject"), max_length=300, blank=True)
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self):
        return self.subject or f"#{self.pk}"


class Interaction(models.Model):
    """One touchpoint with a customer on any channel: the unit of the timeline."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="interactions",
        db_index=False,  # the timeline indexes lead with customer_id
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.OUTBOUND)
    is_personal = models.BooleanField(_("personal contact"), default=False)
    is_automated = models.BooleanField(_("automated"), default=False)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    contact_persons = models.ManyToManyField(
        "customers.ContactPerson", verbose_name=_("their side"), blank=True, related_name="interactions"
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our side"), blank=True, related_name="interactions"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("source reference"), max_length=300, blank=True)
    thread = models.ForeignKey(Thread, verbose_name=_("thread"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="interactions", db_index=False)
    # The newest entry of its thread for this customer, kept in the changing transaction: the timeline shows
    # only those (and unthreaded entries), with the thread's size.
    is_thread_head = models.BooleanField(default=True, editable=False)
    thread_size = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["customer", "-occurred_at", "-id"], name="interaction_timeline"),
            models.Index(fields=["customer", "channel", "-occurred_at", "-id"], name="interaction_timeline_channel"),
            models.Index(fields=["customer", "-occurred_at"], name="interaction_personal",
                         condition=Q(is_personal=True)),
            models.Index(fields=["thread", "customer", "-occurred_at", "-id"], name="interaction_thread",
                         condition=Q(thread__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_personal=True, channel__in=["newsletter", "mailing"]),
                name="interaction_bulk_never_personal",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def icon(self) -> str:
        return CHANNEL_ICONS.get(self.channel, "•")
