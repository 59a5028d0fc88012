from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import DEFAULT_HOURS


class BookingPage(models.Model):
    """A public page where customers book a meeting with one of us (/book/<slug>/): weekly hours, closed days
    and the public holidays of the region, slot length, buffer, minimum notice and how far ahead. A person's
    own page, or a team's: then a time is free when somebody of the team is, and the booking goes to them."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("with whom"), on_delete=models.CASCADE,
                                 related_name="booking_page", null=True, blank=True)
    team = models.OneToOneField("accounts.Team", verbose_name=_("team"), on_delete=models.CASCADE,
                                related_name="booking_page", null=True, blank=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True,
                            help_text=_("The page is at /book/<address>/: print it, link it, keep it."))
    title = models.CharField(_("title"), max_length=200)
    hours = models.TextField(_("weekly hours"), default=DEFAULT_HOURS,
                             help_text=_("One line per day, e.g. “Mo 09:00-12:00 13:00-16:00”."))
    closed_days = models.TextField(_("closed days"), blank=True,
                                   help_text=_("Dates without bookings, one per line, e.g. 24.12.2026."))
    holiday_region = models.CharField(_("public holidays of"), max_length=6, default="AT-9",
                                      help_text=_("An ISO 3166-2 region: AT-9, DE-BY, CH-ZH, IT-BZ …"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Vienna")
    slot_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between meetings (minutes)"), default=10)
    notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=12)
    days_ahead = models.PositiveSmallIntegerField(_("how far ahead (days)"), default=28)
    video_url = models.URLField(_("video link for virtual meetings"), max_length=500, blank=True)
    is_active = models.BooleanField(_("open for bookings"), default=True)

    class Meta:
        verbose_name = _("booking page")
        verbose_name_plural = _("booking pages")
        constraints = [
            models.CheckConstraint(condition=Q(owner__isnull=False, team__isnull=True)
                                   | Q(owner__isnull=True, team__isnull=False), name="booking_page_person_or_team"),
        ]

    def __str__(self):
        return self.title

    def people(self) -> list:
        """Who customers meet on this page: its owner, or the team's active members who look after customers
        (by id, so that a tie goes the same way every time)."""
        if self.owner_id:
            return [self.owner] if self.owner.is_active else []
        from draht.accounts.permissions import OWN_CUSTOMERS

        return list(self.team.members.filter(is_active=True, role__in=OWN_CUSTOMERS).order_by("id"))


class Booking(models.Model):
    """A slot a customer booked; the meeting it made carries the rest. One active booking per owner and start:
    the database refuses a second one, however close in time two people press the button."""

    page = models.ForeignKey(BookingPage, verbose_name=_("booking page"), on_delete=models.CASCADE,
                             related_name="bookings")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("with whom"), on_delete=models.CASCADE,
                              related_name="+")
    meeting = models.OneToOneField("meetings.Meeting", verbose_name=_("meeting"), on_delete=models.CASCADE,
                                   related_name="booking")
    starts_at = models.DateTimeField(_("starts"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(_("booked"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(fields=["owner", "starts_at"], condition=Q(cancelled_at__isnull=True),
                                    name="booking_slot_taken"),
        ]

    def __str__(self):
        return f"{self.name} {self.starts_at:%Y-%m-%d %H:%M}"
