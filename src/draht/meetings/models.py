import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AgendaSection, Attendance, MeetingKind, MeetingStatus


def new_uid() -> str:
    return f"{uuid.uuid4()}@draht"


class Meeting(models.Model):
    """A meeting with a customer, virtual or on-site (PRODUCT.md §3, seed 000): short, few people, a classic
    agenda. Its iCalendar identity (`uid`) never changes; `sequence` rises with every change sent out."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="meetings", db_index=False)  # meeting_customer leads with it
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.VIRTUAL)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Vienna")
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video or screen-share link"), max_length=500, blank=True)
    presentation_url = models.URLField(_("presentation link"), max_length=500, blank=True)
    organizer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("organizer"), on_delete=models.PROTECT,
                                  related_name="organized_meetings", db_index=False)  # meeting_organizer
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    rrule = models.CharField(_("repeats"), max_length=200, blank=True,
                             help_text=_("An RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;INTERVAL=2."))
    previous = models.OneToOneField("self", verbose_name=_("previous in the series"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="next_in_series")
    uid = models.CharField(_("iCalendar UID"), max_length=255, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(_("iCalendar SEQUENCE"), default=0, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    interaction = models.OneToOneField("timeline.Interaction", verbose_name=_("timeline entry"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="meeting",
                                       editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("planned"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["customer", "-starts_at", "-id"], name="meeting_customer"),
            models.Index(fields=["organizer", "starts_at", "id"], name="meeting_organizer"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Participant(models.Model):
    """Someone at the meeting: one of our users, a contact person of the customer, or another address."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="meeting_participations")
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.CASCADE, related_name="meeting_participations")
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    attendance = models.CharField(_("answer"), max_length=12, choices=Attendance.choices,
                                  default=Attendance.NEEDS_ACTION)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False, contact_person__isnull=True)
                           | Q(user__isnull=True, contact_person__isnull=False)
                           | Q(user__isnull=True, contact_person__isnull=True) & ~Q(email="")),
                name="participant_is_someone"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        if self.contact_person_id:
            return self.contact_person.full_name
        return self.name or self.email

    @property
    def address(self) -> str:
        if self.user_id:
            return self.user.email
        if self.contact_person_id:
            return self.contact_person.email
        return self.email


class AgendaItem(models.Model):
    """A topic of a meeting: current, or for next time (the recap is the last meeting's summary, decisions and
    open action items)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    section = models.CharField(_("section"), max_length=10, choices=AgendaSection.choices)
    text = models.CharField(_("topic"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.text


class ActionItem(models.Model):
    """A task agreed in a meeting, with an owner and a date. It belongs to the customer, so it shows in the recap
    of every later meeting with them until it is done."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="action_items", db_index=False)  # action_item_open leads with it
    meeting = models.ForeignKey(Meeting, verbose_name=_("agreed in"), on_delete=models.CASCADE,
                                related_name="action_items")
    text = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who does it"), on_delete=models.PROTECT,
                              related_name="action_items")
    due_on = models.DateField(_("by when"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("agreed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["customer", "due_on", "id"], name="action_item_open",
                                condition=Q(done_at__isnull=True))]

    def __str__(self):
        return self.text


class CalendarFeed(models.Model):
    """A user's private calendar address (/calendar/<token>.ics). Only the token's hash is stored: the address is
    shown once when it is made; a new one replaces (revokes) the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class ExternalCalendar(models.Model):
    """The calendar a user already keeps elsewhere (Outlook and Google publish an ICS address): fetched by the
    worker, its busy times keep booking pages from offering those slots. The last good busy times stay when a
    fetch fails; the error is shown."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="external_calendar")
    url = models.URLField(_("ICS address of your calendar"), max_length=1000)
    busy = models.JSONField(_("busy times"), default=list, editable=False)
    events = models.PositiveIntegerField(_("events read"), default=0, editable=False)
    fetched_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("external calendar")
        verbose_name_plural = _("external calendars")

    def __str__(self):
        return self.url
