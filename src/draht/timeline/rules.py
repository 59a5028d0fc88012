"""What counts as personal contact (PRODUCT.md §1). Plain functions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import CONNECTED_OUTCOMES, PERSONAL_CHANNELS, RECORDED_SOURCES, Channel

EDITORS = {"owner", "manager"}  # roles that may edit anyone's entries


def may_edit_entry(*, user_id: int, role: str, source: str, author_id: int | None, customer_owner_id: int) -> bool:
    """Honest history: an entry is edited (or deleted) only by its author, the customer's owner, or an owner or
    manager; and never when another system recorded it (an e-mail, a call of the telephone system, a message from
    a connector), which is corrected by a new note instead."""
    if source in RECORDED_SOURCES:
        return False
    return user_id == author_id or user_id == customer_owner_id or role in EDITORS


def can_be_personal(channel: str, outcome: str, automated: bool) -> bool:
    """Personal contact resets the cadence clock: a connected call, a 1:1 e-mail written by a person,
    a meeting, a visit, a personal chat or video call. Newsletters, mailings, automated messages and
    calls that did not connect never count."""
    if automated or channel not in PERSONAL_CHANNELS:
        return False
    if channel == Channel.PHONE:
        return outcome in CONNECTED_OUTCOMES
    return True


def default_personal(channel: str, outcome: str, automated: bool) -> bool:
    return can_be_personal(channel, outcome, automated)


def validate_personal(channel: str, outcome: str, automated: bool, is_personal: bool) -> None:
    if is_personal and not can_be_personal(channel, outcome, automated):
        if channel == Channel.PHONE:
            message = _("A call that did not connect is an attempt, not personal contact.")
        elif automated:
            message = _("Automated messages never count as personal contact.")
        else:
            message = _("This channel never counts as personal contact.")
        raise ValidationError({"is_personal": message})
