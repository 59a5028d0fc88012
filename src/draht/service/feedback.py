"""Feedback after every transaction (PRODUCT.md §4, seed 003): after a ticket is solved or a meeting held, the
customer gets a one-time link (signed, expiring, no login) to rate it; a low score opens a follow-up for the
customer's owner; the answer is on the timeline."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from draht.timeline.choices import Channel, Direction, Source
from draht.timeline.services import log_interaction
from draht.webhooks.services import emit

from .models import Feedback

SALT = "draht.feedback"
LOW_SCORE = 2  # a rating of 1 or 2 out of 5 opens a follow-up


def link(feedback: Feedback) -> str:
    return "/feedback/" + signing.dumps(feedback.pk, salt=SALT) + "/"


def from_link(token: str) -> Feedback:
    """The feedback a link names; ValidationError with a message for a tampered or expired one."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="bad_link") from None
    feedback = Feedback.objects.select_related("customer").filter(pk=pk).first()
    if feedback is None:
        raise ValidationError(_("This link is not valid."), code="bad_link")
    if feedback.expires_at <= timezone.now() and feedback.answered_at is None:
        raise ValidationError(_("This link has expired. Thank you all the same."), code="expired")
    return feedback


def ask(customer, *, agent, email: str, what: str, ticket=None, meeting=None, contact_person=None) -> Feedback | None:
    """Ask for a rating by e-mail through the outbox (in the transaction of the solved ticket or held meeting)."""
    if not email:
        return None
    from draht.outbox.services import queue_email

    feedback = Feedback.objects.create(
        customer=customer, ticket=ticket, meeting=meeting, agent=agent, email=email,
        expires_at=timezone.now() + datetime.timedelta(days=settings.DRAHT_FEEDBACK_DAYS))
    with override(customer.language or "de"):
        subject = _("How did we do? %(what)s") % {"what": what}
        body = _("Thank you for your time. One click tells us how satisfied you are — it takes ten seconds:\n\n"
                 "%(url)s\n\nThe link works once and for %(days)s days.") % {
            "url": settings.DRAHT_BASE_URL + link(feedback), "days": settings.DRAHT_FEEDBACK_DAYS}
    queue_email(customer, user=agent, to=[email], subject=subject, body=body, contact_person=contact_person,
                is_automated=True)
    return feedback


@transaction.atomic
def answer(feedback: Feedback, *, csat: int, nps: int | None, text: str) -> bool:
    """Store the answer once (a conditional UPDATE: a second answer changes nothing, returns False); a low
    score opens a follow-up promise for the customer's owner; the rating goes on the timeline."""
    if not 1 <= csat <= 5 or (nps is not None and not 0 <= nps <= 10):
        raise ValidationError(_("Choose from 1 to 5 (and 0 to 10)."))
    now = timezone.now()
    taken = Feedback.objects.filter(pk=feedback.pk, answered_at__isnull=True).update(
        answered_at=now, csat=csat, nps=nps, text=text.strip()[:5000])
    if not taken:
        return False
    feedback.refresh_from_db()
    customer = feedback.customer
    log_interaction(customer, user=None, channel=Channel.REVIEW, direction=Direction.INBOUND, is_personal=False,
                    subject=_("Rating %(csat)s/5") % {"csat": csat}, body=feedback.text, source=Source.INBOUND,
                    source_ref=f"feedback:{feedback.pk}")
    if csat <= LOW_SCORE:
        from draht.promises.services import record_promise

        record_promise(customer, user=customer.owner, owner=customer.owner,
                       what=_("Call back after a low rating (%(csat)s/5)") % {"csat": csat},
                       due_on=timezone.localdate() + datetime.timedelta(days=1))
    customer.log_action("draht.feedback.received", obj=feedback, data={"csat": csat, "nps": nps})
    emit("feedback.received", {"id": feedback.pk, "customer_id": customer.pk, "csat": csat, "nps": nps,
                               "ticket_id": feedback.ticket_id, "meeting_id": feedback.meeting_id})
    return True


def results(since: datetime.datetime):
    """Response rate and averages per agent and per team since a moment."""
    def table(key):
        return (Feedback.objects.filter(asked_at__gte=since).values(key)
                .annotate(asked=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)),
                          csat=Avg("csat"), nps=Avg("nps")).order_by(key))
    return {"agents": list(table("agent__username")), "teams": list(table("agent__team__name"))}
