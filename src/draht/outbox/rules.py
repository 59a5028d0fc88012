"""Who an e-mail goes to and how much it may carry: one rule for the page and the API. Plain functions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from draht.customers.rules import normalise_email

MAX_RECIPIENTS = 50


def recipients(addresses, person=None) -> list[str]:
    """The normalised addresses, without repeats; none given: the contact person's. Raises ValidationError."""
    found = list(dict.fromkeys(normalise_email(a) for a in addresses if a.strip()))
    if not found and person is not None and person.email:
        found = [person.email]
    if not found:
        raise ValidationError(_("Whom should it go to?"), code="no_recipient")
    return found[:MAX_RECIPIENTS]


def check_attachment_size(sizes) -> None:
    limit = settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES
    if sum(sizes) > limit:
        raise ValidationError(_("The attachments are larger than %(limit)s MB together.")
                              % {"limit": limit // (1024 * 1024)}, code="too_large")
