from django.db import models
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    RINGING = "ringing", _("ringing")
    ANSWERED = "answered", _("answered")
    ENDED = "ended", _("ended")


# The order events move a call forward; an event that does not move it (a replay, a late duplicate) is ignored.
STATE_ORDER = {CallState.RINGING: 0, CallState.ANSWERED: 1, CallState.ENDED: 2}
