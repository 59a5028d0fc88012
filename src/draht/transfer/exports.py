"""CSV exports, streamed in keyset batches so a million customers never sit in memory.

Headers are draht's field names, which the import recognises: an export can be imported again.
Every cell goes through safe_cell() against formula injection.
"""

import codecs
import csv

from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.audit.models import log_action
from draht.customers.filters import CustomerFilter
from draht.customers.models import ContactPerson, Customer
from draht.timeline.models import Interaction

from .csvfile import safe_cell

BATCH = 2000

CUSTOMER_COLUMNS = ["draht_id", "external_id", "kind", "name", "salutation", "title", "first_name", "last_name",
                    "email", "phone", "street", "postal_code", "city", "country", "subdivision", "tier", "tags",
                    "owner", "customer_since", "newsletter_status", "cadence_days", "last_personal_contact_at",
                    "due_at"]
CONTACT_COLUMNS = ["draht_id", "external_id", "name", "postal_code", "country", "contact_salutation", "contact_title",
                   "contact_first_name", "contact_last_name", "contact_position", "contact_email", "contact_phone",
                   "contact_mobile", "contact_birthday", "contact_active"]
INTERACTION_COLUMNS = ["draht_id", "customer_id", "customer", "occurred_at", "channel", "direction", "personal",
                       "automated", "subject", "outcome", "duration_seconds", "source", "text"]


class _Line:
    def write(self, value):
        return value


def _writer(rows, header, excel: bool):
    """Encoded CSV lines: UTF-8 with comma, or for Excel in German locales, semicolon and a BOM."""
    writer = csv.writer(_Line(), delimiter=";" if excel else ",", lineterminator="\r\n")
    if excel:
        yield codecs.BOM_UTF8
    yield writer.writerow([safe_cell(v) for v in header]).encode()  # the rejected rows echo the file's header
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row]).encode()


def _batches(qs, fields):
    last = 0
    while True:
        batch = list(qs.filter(id__gt=last).order_by("id").values(*fields)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1]["id"]


def customers_for(user, params):
    return CustomerFilter.from_query(params).apply(permissions.visible_customers(user, Customer.objects.all()))


def _iso(value):
    return value.isoformat() if value else ""


def customer_rows(user, params):
    fields = ["id", "external_id", "kind", "name", "salutation", "title", "first_name", "last_name", "email", "phone",
              "street", "postal_code", "city", "country", "subdivision", "tier", "owner__username", "customer_since",
              "newsletter_status", "cadence_days", "last_personal_contact_at", "due_at"]
    through = Customer.tags.through
    for batch in _batches(customers_for(user, params), fields):
        tags = {}
        for customer_id, name in through.objects.filter(customer_id__in=[c["id"] for c in batch]).values_list(
                "customer_id", "tag__name").order_by("tag__name"):
            tags.setdefault(customer_id, []).append(name)
        for c in batch:
            yield [c["id"], c["external_id"], c["kind"], c["name"], c["salutation"], c["title"], c["first_name"],
                   c["last_name"], c["email"], c["phone"], c["street"], c["postal_code"], c["city"], c["country"],
                   c["subdivision"], c["tier"], ", ".join(tags.get(c["id"], [])), c["owner__username"],
                   _iso(c["customer_since"]), c["newsletter_status"], c["cadence_days"],
                   _iso(c["last_personal_contact_at"]), _iso(c["due_at"])]


def contact_rows(user, params):
    fields = ["id", "customer__external_id", "customer__name", "customer__postal_code", "customer__country",
              "salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile", "birthday",
              "is_active"]
    qs = ContactPerson.objects.filter(customer__in=customers_for(user, params))
    for batch in _batches(qs, fields):
        for p in batch:
            yield [p["id"], p["customer__external_id"], p["customer__name"], p["customer__postal_code"],
                   p["customer__country"], p["salutation"], p["title"], p["first_name"], p["last_name"],
                   p["position"], p["email"], p["phone"], p["mobile"], _iso(p["birthday"]), int(p["is_active"])]


def interaction_rows(user, params):
    fields = ["id", "customer_id", "customer__name", "occurred_at", "channel", "direction", "is_personal",
              "is_automated", "subject", "outcome", "duration_seconds", "source", "body"]
    qs = Interaction.objects.filter(customer__in=customers_for(user, params))
    for batch in _batches(qs, fields):
        for i in batch:
            yield [i["id"], i["customer_id"], i["customer__name"], _iso(i["occurred_at"]), i["channel"],
                   i["direction"], int(i["is_personal"]), int(i["is_automated"]), i["subject"], i["outcome"],
                   i["duration_seconds"] or "", i["source"], i["body"]]


def audited(rows, *, user, what: str, details: dict):
    """The rows, passed through; when the download ends (or breaks off), one audit entry says who exported what and
    how many rows went out."""
    count, complete = 0, False
    try:
        for row in rows:
            count += 1
            yield row
        complete = True
    finally:
        log_action("draht.export." + what, obj=user, user=user,
                   data={"rows": count, "complete": complete, **details})


def _filters(params) -> dict:
    return {"filters": {k: str(v)[:100] for k, v in params.items() if k in CustomerFilter.__dataclass_fields__}}


def export_customers(user, params, *, excel: bool):
    rows = audited(customer_rows(user, params), user=user, what="customers", details=_filters(params))
    return _writer(rows, CUSTOMER_COLUMNS, excel)


def export_contacts(user, params, *, excel: bool):
    rows = audited(contact_rows(user, params), user=user, what="contacts", details=_filters(params))
    return _writer(rows, CONTACT_COLUMNS, excel)


def export_interactions(user, params, *, excel: bool):
    rows = audited(interaction_rows(user, params), user=user, what="interactions", details=_filters(params))
    return _writer(rows, INTERACTION_COLUMNS, excel)


EXPORTS = {"customers": export_customers, "contacts": export_contacts, "interactions": export_interactions}


def rejected_rows(job, *, excel: bool, user):
    """The rejected rows as the file had them, with a reason column first, to fix and import again."""
    header = [_("reason"), _("card") if job.encoding == "vcard" else _("line"), *job.headers]
    rows = ([r.reason, r.line, *r.cells] for r in job.rejections.order_by("line").iterator(chunk_size=BATCH))
    return _writer(audited(rows, user=user, what="rejected_rows", details={"import": job.pk}), header, excel)
