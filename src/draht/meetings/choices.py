from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    VIRTUAL = "virtual", _("virtual (video, screen share)")
    ONSITE = "onsite", _("on-site")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "planned")
    HELD = "held", pgettext_lazy("meeting", "held")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")
    NO_SHOW = "no_show", pgettext_lazy("meeting", "no-show")


class AgendaSection(models.TextChoices):
    """The classic agenda: what was, what is, what comes (the recap is built from the last meeting)."""

    CURRENT = "current", _("current topics")
    NEXT = "next", _("topics and tasks for next time")


class Attendance(models.TextChoices):
    """An attendee's answer as iCalendar names it (PARTSTAT)."""

    NEEDS_ACTION = "NEEDS-ACTION", _("no answer yet")
    ACCEPTED = "ACCEPTED", _("accepted")
    TENTATIVE = "TENTATIVE", _("tentative")
    DECLINED = "DECLINED", _("declined")


class Repeat(models.TextChoices):
    """The repetitions offered on the page; the API takes any RRULE."""

    NONE = "", _("does not repeat")
    WEEKLY = "FREQ=WEEKLY", _("every week")
    BIWEEKLY = "FREQ=WEEKLY;INTERVAL=2", _("every two weeks")
    MONTHLY = "FREQ=MONTHLY", _("every month")
    QUARTERLY = "FREQ=MONTHLY;INTERVAL=3", _("every three months")
