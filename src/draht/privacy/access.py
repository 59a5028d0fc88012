"""Loading what a data-protection page or API call acts on, with the access check (403, or 404 if unseen)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from draht.accounts import permissions
from draht.customers.choices import CustomerKind
from draht.customers.models import ContactPerson, Customer

MODELS = {"customer": Customer, "contact": ContactPerson}


def _customer_of(record):
    return record.customer if isinstance(record, ContactPerson) else record


def get_person_for(user, kind: str, pk: int):
    """The contact person or private customer, if the user may manage data and see the customer."""
    permissions.require(permissions.can_manage_data(user))
    if kind == "contact":
        person = get_object_or_404(ContactPerson.objects.select_related("customer"), pk=pk)
    elif kind == "customer":
        person = get_object_or_404(Customer, pk=pk, kind=CustomerKind.PERSON)
    else:
        raise Http404
    if not permissions.can_view_customer(user, _customer_of(person)):
        raise Http404
    return person


def get_records_to_merge(user, kind: str, keep_id: int, other_ids) -> tuple:
    """(kept record, [others]) of one kind, all of them visible to a user who may manage data."""
    permissions.require(permissions.can_manage_data(user))
    model = MODELS.get(kind)
    ids = [keep_id] + [i for i in dict.fromkeys(other_ids) if i != keep_id]
    records = model.objects.in_bulk(ids) if model else {}
    if len(ids) < 2 or len(records) != len(ids):
        raise Http404
    if not all(permissions.can_view_customer(user, _customer_of(r)) for r in records.values()):
        raise Http404
    return records[keep_id], [records[i] for i in ids[1:]]
