"""What a received or sent message means for the timeline (PRODUCT.md §1, §2). Plain functions."""

from draht.timeline.choices import Channel
from draht.timeline.rules import can_be_personal


def is_personal_message(channel: str, *, automated: bool, recipient_count: int) -> bool:
    """A 1:1 e-mail written by a person counts as personal contact, in either direction; one to several people,
    bulk and automated mail do not. A personal chat counts; social posts, reviews and web forms do not."""
    if channel == Channel.EMAIL and recipient_count != 1:
        return False
    return can_be_personal(channel, "", automated)


def thread_subject(subject: str) -> str:
    """The subject without reply and forward prefixes (Re:, AW:, WG:, Fwd: …)."""
    prefixes = ("re:", "aw:", "wg:", "fw:", "fwd:", "antw:", "sv:", "vs:")
    text = subject.strip()
    while text.lower().startswith(prefixes):
        text = text.split(":", 1)[1].strip()
    return text[:300]
