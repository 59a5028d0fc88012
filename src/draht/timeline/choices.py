from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    VIRTUAL_MEETING = "virtual_meeting", _("Virtual meeting")
    ONSITE_MEETING = "onsite_meeting", _("On-site meeting or visit")
    CHAT = "chat", _("Chat / instant messaging")
    VIDEO = "video", _("Live video")
    COBROWSING = "cobrowsing", _("Co-browsing")
    SOCIAL = "social", _("Social media message")
    REVIEW = "review", _("Review")
    NEWSLETTER = "newsletter", _("Newsletter")
    MAILING = "mailing", _("Mailing")
    WEBFORM = "webform", _("Web form")
    TICKET = "ticket", _("Ticket")
    NOTE = "note", _("Internal note")


# Channels on which a person can have personal contact (PRODUCT.md §1).
PERSONAL_CHANNELS = {Channel.PHONE, Channel.EMAIL, Channel.VIRTUAL_MEETING, Channel.ONSITE_MEETING, Channel.CHAT,
                     Channel.VIDEO, Channel.COBROWSING}
# Icons as plain characters: no icon font from outside.
CHANNEL_ICONS = {
    Channel.PHONE: "☎", Channel.EMAIL: "✉", Channel.LETTER: "✍", Channel.VIRTUAL_MEETING: "▣",
    Channel.ONSITE_MEETING: "⌂", Channel.CHAT: "✎", Channel.VIDEO: "▶", Channel.COBROWSING: "⇆",
    Channel.SOCIAL: "#", Channel.REVIEW: "★", Channel.NEWSLETTER: "≡", Channel.MAILING: "✉",
    Channel.WEBFORM: "☐", Channel.TICKET: "⚑", Channel.NOTE: "✎",
}


class Direction(models.TextChoices):
    INBOUND = "in", pgettext_lazy("direction", "Inbound")
    OUTBOUND = "out", pgettext_lazy("direction", "Outbound")
    INTERNAL = "internal", pgettext_lazy("direction", "Internal")


class Outcome(models.TextChoices):
    NONE = "", _("(none)")
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    VOICEMAIL = "voicemail", _("Left voicemail")
    BUSY = "busy", _("Busy")
    CALLBACK = "callback", _("Call back requested")


CONNECTED_OUTCOMES = {Outcome.REACHED, Outcome.CALLBACK}


# Entries another system recorded (an e-mail, a call of the telephone system, a connector's message): they are
# evidence and not edited; a correction is a new note (issue 12, "honest history").
class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    API = "api", _("API")
    EMAIL_MESSAGE = "email_message", _("E-mail message")
    CALL = "call", _("Telephone system")
    INBOUND = "inbound", _("Inbound message (chat, social, review, web form)")
    MEETING = "meeting", _("Meeting")
    TICKET = "ticket", _("Ticket")
    PUBLICATION = "publication", _("Publication")
    IMPORT = "import", _("Import")


RECORDED_SOURCES = {Source.EMAIL_MESSAGE, Source.CALL, Source.INBOUND}
