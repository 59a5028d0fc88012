from django.db import models
from django.utils.translation import pgettext_lazy


class PromiseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("promise", "open")
    KEPT = "kept", pgettext_lazy("promise", "kept")
    BROKEN = "broken", pgettext_lazy("promise", "broken")
