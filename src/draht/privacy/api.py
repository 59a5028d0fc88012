import datetime
from typing import Annotated, Literal

from ninja import Router, Schema, Status
from pydantic import Field

from draht.accounts import permissions
from draht.api.core import ERRORS, Id, Input

from . import consents, duplicates, erasure, merging
from .access import get_person_for, get_records_to_merge
from .choices import ConsentMethod, ConsentPurpose
from .models import Merge

router = Router(tags=["data protection"])

Kind = Literal["contact", "customer"]


@router.get("/privacy/{kind}/{person_id}", response={200: dict, **ERRORS})
def export_person(request, kind: Kind, person_id: int):
    """Every personal datum and interaction of a contact person or private customer (DSGVO Art. 15/20)."""
    subject = get_person_for(request.user, kind, person_id)
    data = erasure.export_person(subject)
    erasure.log_export(subject, kind, user=request.user, form="api", data=data)
    return data


class ErasureOut(Schema):
    kind: str
    erased_at: datetime.datetime
    counts: dict


@router.post("/privacy/{kind}/{person_id}/erase", response={200: ErasureOut, **ERRORS})
def erase_person(request, kind: Kind, person_id: int):
    """Erase the person from every table, the search index and the audit history; anonymous counts remain."""
    return erasure.erase_person(get_person_for(request.user, kind, person_id), user=request.user)


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
    return Status(201, consents.record_consent(person, user=request.user, **payload.dict(exclude_none=True)))


class DuplicateGroupOut(Schema):
    reason: str = Field(description="the strongest reason: email, phone or name")
    value: str
    ids: list[int]
    reasons: list[str] = Field(description="why these records look alike, in words (the user's language)")
    strong: bool = Field(description="true for a shared e-mail or phone number, false for names alike at one place")


class DuplicatesOut(Schema):
    customers: list[DuplicateGroupOut]
    contacts: list[DuplicateGroupOut]


@router.get("/duplicates", response={200: DuplicatesOut, **ERRORS})
def list_duplicates(request):
    """Likely duplicates of customers and contact persons: the same e-mail or phone number, or names alike at the
    same postcode or city (contact persons: at the same customer). The surest first; nothing is merged by itself."""
    permissions.require(permissions.can_manage_data(request.user))

    def groups(found):
        return [{"reason": g.reason, "value": g.value, "ids": [r.pk for r in g.records], "reasons": g.reasons,
                 "strong": g.strong} for g in found]

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

    keep, others = get_records_to_merge(request.user, payload.kind, payload.keep_id, payload.other_ids)
    try:
        return Status(201, merging.merge_all(keep, others, user=request.user))
    except merging.MergeError as exc:
        raise ValidationError({"other_ids": [str(exc)]}) from None


@router.post("/merges/{merge_id}/undo", response={200: MergeOut, **ERRORS})
def undo_merge(request, merge_id: int):
    """Take a merge back (within 30 days)."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404

    permissions.require(permissions.can_manage_data(request.user))
    record = get_object_or_404(Merge, pk=merge_id)
    try:
        merging.undo_merge(record, user=request.user)
    except merging.MergeError as exc:
        raise ValidationError(str(exc)) from None
    record.refresh_from_db()
    return record
