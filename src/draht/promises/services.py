"""Making, keeping and reminding promises. Each change is one transaction with its audit entry."""

import datetime
import logging
import smtplib
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from draht.accounts import permissions
from draht.customers.models import Customer

from .choices import PromiseStatus
from .models import Promise
from .rules import Reliability, reminder_due

log = logging.getLogger(__name__)


MAX_DAYS_AHEAD = 3 * 366


def check_promise(customer, owner, due_on: datetime.date) -> None:
    """The rules of a new promise, for the page and the API alike: its date lies between today and three years
    ahead, and who keeps it is an active user who may log contact with the customer."""
    errors = {}
    today = timezone.localdate()
    if due_on < today:
        errors["due_on"] = _("A promise's date cannot lie in the past.")
    elif due_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors["due_on"] = _("Choose a date within the next three years.")
    if not owner.is_active or not permissions.can_log_contact(owner, customer):
        errors["owner"] = _("%(user)s cannot keep promises to this customer.") % {"user": owner}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_promise(customer, *, user, what: str, owner, due_on: datetime.date, interaction=None) -> Promise:
    check_promise(customer, owner, due_on)
    if interaction is not None and interaction.customer_id != customer.pk:
        raise ValidationError({"interaction": _("This entry belongs to another customer.")})
    promise = Promise.objects.create(customer=customer, interaction=interaction, what=what, owner=owner,
                                     due_on=due_on, created_by=user)
    customer.log_action("draht.promise.made", user=user, obj=promise,
                        data={"what": what, "owner": owner.pk, "due_on": due_on.isoformat()})
    if owner.pk != user.pk and reminder_due(due_on, timezone.localdate(), settings.DRAHT_PROMISE_REMINDER_DAYS):
        # made for a colleague and already close: the reminder goes out now, not at the next hourly run
        from .tasks import send_promise_reminders

        transaction.on_commit(send_promise_reminders.enqueue)
    return promise


def get_promise_for(user, pk, *, resolve: bool = False) -> Promise:
    """The promise with its customer if the user may see the customer (else 404) and, when asked, may mark it
    kept or broken (else 403)."""
    promise = get_object_or_404(Promise.objects.select_related("customer"), pk=pk)
    if not permissions.can_view_customer(user, promise.customer):
        raise Http404
    if resolve and not permissions.can_resolve_promise(user, promise, promise.customer):
        raise PermissionDenied
    return promise


class AlreadyResolved(ValidationError):
    pass


@transaction.atomic
def resolve_promise(promise: Promise, *, user, kept: bool) -> Promise:
    """Mark an open promise kept or broken; a second click (or a colleague's at the same moment) changes nothing."""
    status = PromiseStatus.KEPT if kept else PromiseStatus.BROKEN
    today = timezone.localdate()
    if not Promise.objects.filter(pk=promise.pk, status=PromiseStatus.OPEN).update(
            status=status, resolved_on=today, resolved_by=user):
        raise AlreadyResolved(_("This promise was already marked %(status)s.")
                              % {"status": Promise.objects.get(pk=promise.pk).get_status_display()})
    promise.status, promise.resolved_on, promise.resolved_by = status, today, user
    promise.customer.log_action(f"draht.promise.{status}", user=user, obj=promise,
                                data={"what": promise.what, "due_on": promise.due_on.isoformat()})
    return promise


def visible_promises(user, scope: str = "mine"):
    """Promises of customers this user may see; `mine` are those the user keeps, `team` those of the team."""
    promises = Promise.objects.all()
    if not user.sees_everything:
        promises = promises.filter(customer__in=permissions.visible_customers(user, Customer.objects.all()))
    if scope == "mine":
        return promises.filter(owner=user)
    if scope == "team":
        return promises.filter(owner__team_id=user.team_id) if user.team_id else promises.filter(owner=user)
    return promises


def due_soon(user, limit: int, today: datetime.date | None = None) -> list[tuple]:
    """The user's open promises inside the reminder window or past their date, nearest first, for the main screen:
    (customer id, customer name, what, due_on) tuples.

    Plain SQL on purpose: the database answers from the partial index promise_owner_open in about 0.05 ms, while
    building and compiling the same ORM query costs about 0.8 ms on every load of the main screen."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.DRAHT_PROMISE_REMINDER_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(DUE_SOON_SQL, [user.pk, horizon, limit])
        return [(customer_id, name, what, due_on if isinstance(due_on, datetime.date)
                 else datetime.date.fromisoformat(due_on)) for customer_id, name, what, due_on in cursor.fetchall()]


DUE_SOON_SQL = (f"SELECT c.id, c.name, p.what, p.due_on FROM {Promise._meta.db_table} p "
                f"JOIN {Customer._meta.db_table} c ON c.id = p.customer_id "
                "WHERE p.owner_id = %s AND p.status = 'open' AND p.due_on <= %s ORDER BY p.due_on, p.id LIMIT %s")


def reliability_table(promises, today: datetime.date) -> dict:
    """Reliability per person and per team, counted by the database in one grouped query:
    {"owners": [(name, Reliability)], "teams": [(name, Reliability)]}, by name."""
    kept = Q(status=PromiseStatus.KEPT)
    rows = promises.values("owner_id", "owner__username", "owner__first_name", "owner__last_name",
                           "owner__team__name").annotate(
        kept=Count("id", filter=kept & Q(resolved_on__lte=F("due_on"))),
        kept_late=Count("id", filter=kept & Q(resolved_on__gt=F("due_on"))),
        broken=Count("id", filter=Q(status=PromiseStatus.BROKEN)),
        overdue=Count("id", filter=Q(status=PromiseStatus.OPEN, due_on__lt=today)),
    ).order_by("owner_id")
    owners, teams = [], {}
    for row in rows:
        counts = Reliability(kept=row["kept"], kept_late=row["kept_late"], broken=row["broken"],
                             overdue=row["overdue"])
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip() or row["owner__username"]
        owners.append((name, counts))
        if row["owner__team__name"]:
            teams[row["owner__team__name"]] = teams.get(row["owner__team__name"], Reliability()) + counts
    return {"owners": sorted(owners, key=lambda item: item[0].lower()), "teams": sorted(teams.items())}


# Reminders ------------------------------------------------------------------------------------------------

REMINDER_BATCH = 1000


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind each owner, in one e-mail in their language, of their open promises that are close or past and
    not reminded yet; returns the number of promises reminded. Idempotent: each promise is claimed with a
    conditional UPDATE before the e-mail goes out, so two workers never remind of the same promise. If the
    SMTP server cannot be reached the claims are given back and the next run tries again."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + datetime.timedelta(days=settings.DRAHT_PROMISE_REMINDER_DAYS)
    reminded = 0
    while True:
        candidates = list(Promise.objects.filter(status=PromiseStatus.OPEN, reminded_at=None, due_on__lte=horizon)
                          .values_list("owner_id", "pk").order_by("owner_id", "due_on", "id")[:REMINDER_BATCH])
        if not candidates:
            return reminded
        for owner_id, rows in groupby(candidates, key=lambda row: row[0]):
            reminded += _remind_owner(owner_id, [pk for _owner, pk in rows], now)
        if len(candidates) < REMINDER_BATCH:
            return reminded


def _remind_owner(owner_id: int, ids: list[int], now: datetime.datetime) -> int:
    if not Promise.objects.filter(pk__in=ids, reminded_at=None).update(reminded_at=now):
        return 0
    promises = list(Promise.objects.filter(pk__in=ids, reminded_at=now).select_related("owner", "customer")
                    .order_by("due_on", "id"))
    if not promises:
        return 0
    owner = promises[0].owner
    if not owner.email or not owner.is_active:
        log.info("promise reminder for %s shown in draht only: no e-mail address or not active", owner)
        return len(promises)
    try:
        from draht.outbox.services import AcceptanceUnknown, smtp_send

        smtp_send(reminder_email(owner, promises))
    except AcceptanceUnknown:
        log.warning("promise reminder to %s: connection lost after handing over; not sent again", owner)
    except (OSError, smtplib.SMTPException) as exc:
        Promise.objects.filter(pk__in=[p.pk for p in promises], reminded_at=now).update(reminded_at=None)
        log.warning("promise reminder to %s not sent, retried at the next run: %s", owner, exc)
        return 0
    return len(promises)


def reminder_email(owner, promises: list[Promise]) -> EmailMessage:
    """The reminder to one owner, in the owner's language and date format."""
    with translation.override(owner.language):
        subject = ngettext("Reminder: %(count)d promise to keep", "Reminder: %(count)d promises to keep",
                           len(promises)) % {"count": len(promises)}
        lines = [_("Hello %(name)s,") % {"name": owner.first_name or owner.username}, "",
                 _("these promises to customers are due soon or overdue:"), ""]
        for promise in promises:
            lines += [f"- {formats.date_format(promise.due_on, 'SHORT_DATE_FORMAT')}  {promise.customer.name}: "
                      f"{promise.what}",
                      f"  {settings.DRAHT_BASE_URL}{reverse('customers:detail', args=[promise.customer_id])}"]
        lines += ["", _("Mark them kept or broken here: %(url)s")
                  % {"url": settings.DRAHT_BASE_URL + reverse("promises:list")}]
    return EmailMessage(subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[owner.email], headers={"Auto-Submitted": "auto-generated"})
