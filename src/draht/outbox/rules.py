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


def check_header_values(subject: str, attachments=()) -> None:
    """Subjects, file names and content types become mail headers: a line break in one would add headers of its
    own (or stop the message at sending). Raises ValidationError naming the field."""
    problems = {}
    if "\r" in subject or "\n" in subject:
        problems["subject"] = _("The subject may not contain line breaks.")
    for index, (name, kind, _data) in enumerate(attachments):
        if any(c in (name or "") + (kind or "") for c in "\r\n\x00"):
            problems[f"attachments.{index}"] = _("File names and types may not contain line breaks.")
    if problems:
        raise ValidationError(problems, code="line_break")


def sending_address(user, domains: list[str]) -> str:
    """The From address of a user's e-mail: their confirmed address when it is at an allowed domain (none listed:
    any), else draht's general address (DRAHT_MAIL_FROM)."""
    address = (user.email or "").strip() if user is not None else ""
    if address and (not domains or address.rpartition("@")[2].lower() in domains):
        return address
    return settings.DEFAULT_FROM_EMAIL


def check_attachment_size(sizes) -> None:
    limit = settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES
    if sum(sizes) > limit:
        raise ValidationError(_("The attachments are larger than %(limit)s MB together.")
                              % {"limit": limit // (1024 * 1024)}, code="too_large")


def problem_summary(last_error: str) -> str:
    """What a sending problem means, in words for anybody; the technical text (last_error) is for managers."""
    error = last_error or ""
    if not error:
        return ""
    if error.startswith("bounced"):
        return _("The message came back undelivered: the recipient's mail server refused it.")
    if error.startswith(("SMTPAuthenticationError", "SMTP 535", "SMTP 534", "SMTP 530")):
        return _("The mail server did not accept draht's sign-in — check the SMTP user and password in the settings.")
    if error.startswith("recipients refused") or error.startswith(("SMTP 550", "SMTP 553")):
        return _("The mail server refused the recipient's address.")
    if error.startswith("SMTP 4"):
        return _("The mail server cannot take the message just now; draht tries again.")
    if error.startswith("SMTP 5"):
        return _("The mail server refused the message.")
    if error.startswith("cannot be sent"):
        return _("The message cannot be sent as written.")
    if error.startswith("the worker stopped"):
        return _("Sending was interrupted: check whether it arrived before you send it again.")
    if error.startswith("connection lost after"):
        return _("The connection broke after the message was handed over: it may have arrived.")
    return _("SMTP server not reachable — check the settings.")
