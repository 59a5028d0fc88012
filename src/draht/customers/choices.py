from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Private person")


class Tier(models.TextChoices):
    A = "A", pgettext_lazy("customer tier", "A (key account)")
    B = "B", pgettext_lazy("customer tier", "B")
    C = "C", pgettext_lazy("customer tier", "C")


class Salutation(models.TextChoices):
    NONE = "", _("(none)")
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")
    DIVERSE = "diverse", _("Diverse")


# Academic titles as they are written in Austria and Germany (free text is allowed too).
TITLE_SUGGESTIONS = ["Dr.", "Dr. med.", "Prof.", "Prof. Dr.", "Mag.", "Mag. (FH)", "DI", "Dipl.-Ing.", "Ing.",
                     "MSc", "BSc", "MBA", "Dkfm."]


class Tristate(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    YES = "yes", _("yes")
    NO = "no", _("no")


class NewsletterStatus(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    SUBSCRIBED = "subscribed", _("subscribed")
    NOT_SUBSCRIBED = "not_subscribed", _("not subscribed")


class Fact(models.TextChoices):
    """The facts the check-in script walks through (PRODUCT.md §1)."""

    ADDRESS = "address", _("Postal address")
    PHONES = "phones", _("Phone numbers")
    EMAILS = "emails", _("E-mail addresses")
    NEWSLETTER = "newsletter", _("Newsletter status")
    HOME_OFFICE = "home_office", _("Home-office status")
    MAIN_CONTACT = "main_contact", _("Main contact person")
