import datetime
from typing import Annotated, Literal

from django.db import transaction
from ninja import Router, Schema, Status
from pydantic import Field

from draht.api.core import ERRORS, Id, Input

from . import duplicates, erasure, merging
from .choices import ConsentMethod, ConsentPurpose
from .models import Consent, Merge
from .views import _require_data_manager, get_person_for

router = Router(tags=["data protection"])

Kind = Literal["contact", "customer"]


@router.get("/privacy/{kind}/{person_id}", response={200: dict, **ERRORS})
def export_person(request, kind: Kind, person_id: int):
    """Every personal datum and interaction of a contact person or private customer (DSGVO Art. 15/20)."""
    return erasure.export_person(get_person_for(request.user, kind, person_id))


class ErasureOut(Schema):
    kind: str
    erased_at: datetime.datetime
    counts: dict


@router.post("/privacy/{kind}/{person_id}/erase", response={200: ErasureOut, **ERRORS})
def erase_person(request, kind: Kind, person_id: int):
    """Erase the person from every table, the search index and the audit history; anonymous counts remain."""
    person = get_person_for(request.user, kind, person_id)
    if kind == "contact":
        return erasure.erase_contact(person, user=request.user)
    return erasure.erase_customer(person, user=request.user)


class ConsentIn(Input):
    purpose: ConsentPurpose = ConsentPurpose.NEWSLETTER
    method: ConsentMethod
    given_at: datetime.datetime | None = None
    text_version: Annotated[str, Field(min_length=1, max_length=40)]
    text: Annotated[str, Field(min_length=1, max_length=10_000)]


class ConsentOut(Schema):
    id: int
    purpose: str
    method: str
    given_at: datetime.datetime
    text_version: str
    text: str
    withdrawn_at: datetime.datetime | None


@router.post("/privacy/{kind}/{person_id}/consents", response={201: ConsentOut, **ERRORS})
def record_consent(request, kind: Kind, person_id: int, payload: ConsentIn):
    """Store a consent: what, when, how, and the text version agreed to."""
    person = get_person_for(request.user, kind, person_id)
    customer = person.customer if kind == "contact" else person
    values = payload.dict(exclude_none=True)
    with transaction.atomic():
        consent = Consent.objects.create(customer=customer, contact_person=person if kind == "contact" else None,
                                         recorded_by=request.user, **values)
        customer.log_action("draht.privacy.consent_recorded", user=request.user, obj=consent,
                            data={"purpose": consent.purpose, "method": consent.method,
                                  "text_version": consent.text_version})
    return Status(201, consent)


class DuplicateGroupOut(Schema):
    reason: str
    value: str
    ids: list[int]


class DuplicatesOut(Schema):
    customers: list[DuplicateGroupOut]
    contacts: list[DuplicateGroupOut]


@router.get("/duplicates", response={200: DuplicatesOut, **ERRORS})
def list_duplicates(request):
    """Likely duplicates of customers and contact persons (same e-mail, same phone, names alike)."""
    _require_data_manager(request.user)

    def groups(found):
        return [{"reason": g.reason, "value": g.value, "ids": [r.pk for r in g.records]} for g in found]

    return {"customers": groups(duplicates.customer_duplicates(request.user)),
            "contacts": groups(duplicates.contact_duplicates(request.user))}


class MergeIn(Input):
    kind: Kind
    keep_id: Id
    other_ids: list[Id] = Field(min_length=1, max_length=20)


class MergeOut(Schema):
    id: int
    kind: str
    kept_id: int
    merged_id: int
    merged_at: datetime.datetime
    undone_at: datetime.datetime | None
    can_undo: bool


@router.post("/merges", response={201: list[MergeOut], **ERRORS})
def merge(request, payload: MergeIn):
    """Merge the others into the kept record; each merge can be taken back for 30 days."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from draht.accounts import permissions
    from draht.customers.models import ContactPerson, Customer

    _require_data_manager(request.user)
    model = Customer if payload.kind == "customer" else ContactPerson
    ids = [payload.keep_id] + [i for i in payload.other_ids if i != payload.keep_id]
    records = model.objects.in_bulk(ids)
    if len(records) != len(set(ids)) or len(ids) < 2:
        raise Http404
    for record in records.values():
        if not permissions.can_view_customer(request.user, record.customer if payload.kind == "contact" else record):
            raise Http404
    keep = records[payload.keep_id]
    done = []
    try:
        with transaction.atomic():
            for other_id in ids[1:]:
                if payload.kind == "customer":
                    done.append(merging.merge_customers(keep, records[other_id], user=request.user))
                else:
                    done.append(merging.merge_contacts(keep, records[other_id], user=request.user))
    except merging.MergeError as exc:
        raise ValidationError({"other_ids": [str(exc)]}) from None
    return Status(201, done)


@router.post("/merges/{merge_id}/undo", response={200: MergeOut, **ERRORS})
def undo_merge(request, merge_id: int):
    """Take a merge back (within 30 days)."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404

    _require_data_manager(request.user)
    record = get_object_or_404(Merge, pk=merge_id)
    try:
        merging.undo_merge(record, user=request.user)
    except merging.MergeError as exc:
        raise ValidationError(str(exc)) from None
    record.refresh_from_db()
    return record
