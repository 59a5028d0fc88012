"""The customer page's data in as few queries as it can: the customer with its tags, contact persons, open
promises and whether e-mails are waiting in the outbox (one query), then the timeline (customers/views.py,
timeline/views.py).

The small lists come as JSON arrays from correlated subqueries (core.db.json_rows): each query PostgreSQL answers
costs about half a millisecond of Python and round trip, more than these lists cost the database.
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from draht.accounts import permissions
from draht.core.db import json_list, json_rows
from draht.outbox.models import OutgoingEmail, OutgoingStatus
from draht.promises.models import Promise

from .models import ContactPerson, Customer

CONTACT_CARD_FIELDS = ["id", "salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                       "birthday", "is_active", "other_contacts"]


def customers(*, with_sidebar: bool = True):
    """Customers with owner and team; with the sidebar, also tag names, contact cards and `has_unsent`."""
    queryset = Customer.objects.select_related("owner", "team")
    if not with_sidebar:
        return queryset
    unsent = OutgoingEmail.objects.filter(customer=OuterRef("pk")).exclude(status=OutgoingStatus.SENT)
    return queryset.annotate(has_unsent=Exists(unsent), tag_list=_tag_names(), cards=_contact_cards(),
                             open_promises=_open_promises())


def tag_names(customer) -> list[str]:
    return [name for (name,) in json_list(customer.tag_list)]


def contacts(customer) -> list[ContactPerson]:
    """The contact persons from the customer query, as (display-only) model instances for the template."""
    people = []
    for values in json_list(customer.cards):
        person = ContactPerson(customer_id=customer.pk, **dict(zip(CONTACT_CARD_FIELDS, values, strict=True)))
        person.is_active = bool(person.is_active)  # JSON true on PostgreSQL, 1 on SQLite
        person.birthday = datetime.date.fromisoformat(person.birthday) if person.birthday else None
        if isinstance(person.other_contacts, str):  # SQLite hands a JSON column inside JSON over as its text
            person.other_contacts = json.loads(person.other_contacts or "[]")
        person.other_contacts = person.other_contacts or []
        people.append(person)
    return people


def open_promises(customer, user) -> list[Promise]:
    """The customer's open promises from the customer query, nearest date first, as display-only instances with
    `owner_name`, `overdue` and `can_resolve`."""
    today = timezone.localdate()
    promises = []
    for pk, what, due_on, owner_id, created_by_id, first, last, username in json_list(customer.open_promises):
        promise = Promise(pk=pk, customer_id=customer.pk, what=what, due_on=datetime.date.fromisoformat(due_on[:10]),
                          owner_id=owner_id, created_by_id=created_by_id)
        promise.owner_name = f"{first} {last}".strip() or username
        promise.overdue = promise.due_on < today
        promise.can_resolve = permissions.can_resolve_promise(user, promise, customer)
        promises.append(promise)
    return promises


def unsent_emails(customer) -> list:
    """Outgoing e-mails not (yet) sent: asked for only when the customer query's EXISTS says there are any."""
    if not customer.has_unsent:
        return []
    return list(customer.outgoing_emails.exclude(status=OutgoingStatus.SENT)
                .only("subject", "status", "last_error")[:10])


def _tag_names():
    tags = Customer._meta.get_field("tags")
    return json_rows(["t.name"], f"FROM {tags.remote_field.through._meta.db_table} ct JOIN "
                                 f"{tags.related_model._meta.db_table} t ON t.id = ct.tag_id "
                                 f"WHERE ct.customer_id = {Customer._meta.db_table}.id", "t.name")


def _open_promises():
    users = get_user_model()._meta.db_table
    return json_rows(["p.id", "p.what", "p.due_on", "p.owner_id", "p.created_by_id", "u.first_name", "u.last_name",
                      "u.username"],
                     f"FROM {Promise._meta.db_table} p JOIN {users} u ON u.id = p.owner_id "
                     f"WHERE p.customer_id = {Customer._meta.db_table}.id AND p.status = 'open'", "p.due_on, p.id")


def _contact_cards():
    """What the page shows of each contact person, in the page's order (last name, first name)."""
    return json_rows([f"p.{name}" for name in CONTACT_CARD_FIELDS],
                     f"FROM {ContactPerson._meta.db_table} p WHERE p.customer_id = {Customer._meta.db_table}.id",
                     "p.last_name, p.first_name, p.id")


def coming_meetings(customer, limit: int = 5):
    """The customer's planned meetings from yesterday on, soonest first (one query on meeting_customer)."""
    from draht.meetings.models import Meeting

    since = timezone.now() - datetime.timedelta(days=1)
    return list(Meeting.objects.filter(customer=customer, status="planned", starts_at__gte=since)
                .order_by("starts_at", "id")[:limit])
