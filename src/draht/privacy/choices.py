from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter")


class ConsentMethod(models.TextChoices):
    DOUBLE_OPT_IN = "double_opt_in", _("double opt-in (confirmed e-mail)")
    WEB_FORM = "web_form", _("web form")
    WRITTEN = "written", _("in writing")
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    IMPORT = "import", _("imported")


class MergeKind(models.TextChoices):
    CUSTOMER = "customer", _("customer")
    CONTACT = "contact", _("contact person")
