import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictBool

from draht.accounts import permissions
from draht.accounts.models import User
from draht.api.core import ERRORS, Id, Input, IsoDate, Version, bounded_int
from draht.core.pagination import keyset_page

from .access import get_customer_for
from .choices import CustomerKind, Fact, NewsletterStatus, Salutation, Tier, Tristate
from .filters import CustomerFilter
from .models import ContactPerson, Customer, Tag
from .rules import normalise_email, normalise_phone, validate_country, validate_subdivision
from .search import search
from .services import EditConflict, create_contact, create_customer, update_contact, update_customer

router = Router(tags=["customers"])

Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=100)]


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    salutation: str
    title: str
    first_name: str
    last_name: str
    owner_id: int
    team_id: int | None
    tier: str
    language: str
    email: str
    phone: str
    street: str
    postal_code: str
    city: str
    country: str
    subdivision: str
    newsletter_status: str
    home_office_status: str
    main_contact_id: int | None
    customer_since: datetime.date | None
    cadence_days: int
    last_personal_contact_at: datetime.datetime | None
    due_at: datetime.datetime
    snoozed_until: datetime.date | None
    is_archived: bool
    version: int
    tags: list[str]

    @staticmethod
    def resolve_tags(obj):
        return [t.name for t in obj.tags.all()]


class CustomerIn(Input):
    kind: CustomerKind = CustomerKind.ORGANISATION
    name: Name
    salutation: Salutation = Salutation.NONE
    title: Annotated[str, Field(max_length=40)] = ""
    first_name: Short = ""
    last_name: Short = ""
    owner_id: Id | None = None
    tier: Tier = Tier.C
    language: Literal["de", "en"] = "de"
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    street: Annotated[str, Field(max_length=200)] = ""
    postal_code: Annotated[str, Field(max_length=12)] = ""
    city: Short = ""
    country: Annotated[str, Field(min_length=2, max_length=2)] = "DE"
    subdivision: Annotated[str, Field(max_length=6)] = ""
    newsletter_status: NewsletterStatus = NewsletterStatus.UNKNOWN
    home_office_status: Tristate = Tristate.UNKNOWN
    customer_since: IsoDate | None = None
    cadence_days: bounded_int(1, 3650) | None = None
    external_id: Short = ""
    tags: list[Annotated[str, Field(min_length=1, max_length=50)]] = Field(default=[], max_length=50)


class CustomerPatch(Input):
    version: Version
    name: Name | None = None
    kind: CustomerKind | None = None
    salutation: Salutation | None = None
    title: Annotated[str, Field(max_length=40)] | None = None
    first_name: Short | None = None
    last_name: Short | None = None
    owner_id: Id | None = None
    tier: Tier | None = None
    language: Literal["de", "en"] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    street: Annotated[str, Field(max_length=200)] | None = None
    postal_code: Annotated[str, Field(max_length=12)] | None = None
    city: Short | None = None
    country: Annotated[str, Field(min_length=2, max_length=2)] | None = None
    subdivision: Annotated[str, Field(max_length=6)] | None = None
    newsletter_status: NewsletterStatus | None = None
    home_office_status: Tristate | None = None
    customer_since: IsoDate | None = None
    cadence_days: bounded_int(1, 3650) | None = None
    is_archived: StrictBool | None = None
    tags: list[Annotated[str, Field(min_length=1, max_length=50)]] | None = Field(default=None, max_length=50)


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None


class CustomerQuery(Schema):
    owner: Annotated[int, Field(ge=1, le=2**62)] | None = None
    team: Annotated[int, Field(ge=1, le=2**62)] | None = None
    tier: Tier | None = None
    tag: Annotated[str, Field(max_length=50)] | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    archived: bool = False
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


def validated_contact_data(values: dict, country: str) -> dict:
    """Normalise phone, e-mail, country and region; collect every field error at once."""
    errors = {}
    checks = {
        "country": lambda v: validate_country(v),
        "email": normalise_email,
        "phone": lambda v: normalise_phone(v, values.get("country") or country),
        "mobile": lambda v: normalise_phone(v, values.get("country") or country),
        "subdivision": lambda v: validate_subdivision(values.get("country") or country, v),
    }
    for field, check in checks.items():
        if values.get(field) is not None:
            try:
                values[field] = check(values[field])
            except DjangoValidationError as error:
                errors[field] = error.messages
    if errors:
        raise DjangoValidationError(errors)
    return values


def _owner(user, owner_id):
    if owner_id is None:
        if not permissions.can_be_owner(user):
            raise DjangoValidationError({"owner_id": ["Give an owner: your role cannot own customers."]})
        return user
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None or not permissions.can_be_owner(owner):
        raise DjangoValidationError({"owner_id": ["No active user with a role that can own customers."]})
    return owner


def _tags(names):
    return [Tag.objects.get_or_create(name=n.strip())[0] for n in sorted(set(names)) if n.strip()]


@router.get("/customers", response={200: CustomerPage, **ERRORS})
def list_customers(request, query: Query[CustomerQuery]):
    filters = CustomerFilter(owner=query.owner, team=query.team, tier=query.tier, tag=query.tag,
                             country=(query.country or "").upper() or None, archived=query.archived)
    qs = filters.apply(permissions.visible_customers(request.user, Customer.objects.all())).prefetch_related("tags")
    page = keyset_page(qs, ["sort_name", "id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/customers", response={201: CustomerOut, **ERRORS})
def create(request, payload: CustomerIn):
    if request.user.role not in permissions.CHANGE_CUSTOMERS:
        raise PermissionDenied
    values = validated_contact_data(payload.dict(exclude={"tags"}), payload.country)
    owner = _owner(request.user, values.pop("owner_id"))
    with transaction.atomic():
        customer = create_customer(user=request.user, owner=owner, tags=_tags(payload.tags), **values)
    return Status(201, customer)


@router.get("/customers/{customer_id}", response={200: CustomerOut, **ERRORS})
def get(request, customer_id: int):
    return get_customer_for(request.user, customer_id)


@router.patch("/customers/{customer_id}", response={200: CustomerOut, **ERRORS})
def patch(request, customer_id: int, payload: CustomerPatch):
    customer = get_customer_for(request.user, customer_id, change=True)
    values = payload.dict(exclude_unset=True, exclude={"version", "tags"})
    if any(v is None for k, v in values.items() if k not in ("customer_since", "cadence_days")):
        raise DjangoValidationError({k: ["may not be null"] for k, v in values.items() if v is None})
    values = validated_contact_data(values, customer.country)
    if "country" in values and "subdivision" not in values and customer.subdivision:
        values["subdivision"] = validate_subdivision(values["country"], customer.subdivision)
    if "owner_id" in values:
        if not permissions.can_reassign_owner(request.user):
            raise PermissionDenied
        values["owner_id"] = _owner(request.user, values["owner_id"]).pk
    if values.get("cadence_days") is None:
        values.pop("cadence_days", None)
    try:
        return update_customer(customer, user=request.user, version=payload.version,
                               tags=_tags(payload.tags) if payload.tags is not None else None, **values)
    except EditConflict as conflict:
        raise HttpError(409, str(conflict)) from None


class ContactOut(Schema):
    id: int
    customer_id: int
    salutation: str
    title: str
    first_name: str
    last_name: str
    position: str
    email: str
    phone: str
    mobile: str
    birthday: datetime.date | None
    is_active: bool
    version: int


class ContactIn(Input):
    salutation: Salutation = Salutation.NONE
    title: Annotated[str, Field(max_length=40)] = ""
    first_name: Short = ""
    last_name: Annotated[str, Field(min_length=1, max_length=100)]
    position: Short = ""
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    mobile: Annotated[str, Field(max_length=40)] = ""
    birthday: IsoDate | None = None
    is_active: StrictBool = True


class ContactPatch(Input):
    version: Version
    salutation: Salutation | None = None
    title: Annotated[str, Field(max_length=40)] | None = None
    first_name: Short | None = None
    last_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    position: Short | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    mobile: Annotated[str, Field(max_length=40)] | None = None
    birthday: IsoDate | None = None
    is_active: StrictBool | None = None


@router.get("/customers/{customer_id}/contacts", response={200: list[ContactOut], **ERRORS})
def list_contacts(request, customer_id: int):
    customer = get_customer_for(request.user, customer_id)
    return list(customer.contact_persons.all()[:500])


@router.post("/customers/{customer_id}/contacts", response={201: ContactOut, **ERRORS})
def add_contact(request, customer_id: int, payload: ContactIn):
    customer = get_customer_for(request.user, customer_id, change=True)
    values = validated_contact_data(payload.dict(), customer.country)
    return Status(201, create_contact(customer, user=request.user, **values))


@router.patch("/contacts/{contact_id}", response={200: ContactOut, **ERRORS})
def patch_contact(request, contact_id: int, payload: ContactPatch):
    person = ContactPerson.objects.filter(pk=contact_id).first()
    if person is None:
        raise HttpError(404, "Not found.")
    customer = get_customer_for(request.user, person.customer_id, change=True)
    values = payload.dict(exclude_unset=True, exclude={"version"})
    if any(v is None for k, v in values.items() if k != "birthday"):
        raise DjangoValidationError({k: ["may not be null"] for k, v in values.items() if v is None})
    values = validated_contact_data(values, customer.country)
    try:
        return update_contact(person, user=request.user, version=payload.version, **values)
    except EditConflict as conflict:
        raise HttpError(409, str(conflict)) from None


class SearchHit(Schema):
    customer_id: int
    customer_name: str
    contact_person_id: int | None
    contact_person_name: str | None
    email: str
    phone: str


@router.get("/search", response={200: list[SearchHit], **ERRORS})
def search_endpoint(request, q: Annotated[str, Field(min_length=1, max_length=200)],
                    limit: Annotated[int, Field(ge=1, le=100)] = 20):
    hits = []
    for entry in search(q, request.user, limit=limit):
        person = entry.contact_person
        hits.append({
            "customer_id": entry.customer_id, "customer_name": entry.customer.name,
            "contact_person_id": person.pk if person else None,
            "contact_person_name": person.full_name if person else None,
            "email": (person or entry.customer).email, "phone": (person.phone if person else entry.customer.phone),
        })
    return hits


class SnoozeIn(Input):
    until: IsoDate
    reason: Annotated[str, Field(min_length=1, max_length=200)]


@router.post("/customers/{customer_id}/snooze", response={200: CustomerOut, **ERRORS})
def snooze_customer(request, customer_id: int, payload: SnoozeIn):
    """Take the customer off the due list until a date (at most a year ahead)."""
    from django.utils import timezone

    from .services import snooze

    customer = get_customer_for(request.user, customer_id, log=True)
    today = timezone.localdate()
    if not today < payload.until <= today + datetime.timedelta(days=366):
        raise DjangoValidationError({"until": ["Choose a date after today and at most a year ahead."]})
    return snooze(customer, user=request.user, until=payload.until, reason=payload.reason)


class FactsIn(Input):
    confirmed: list[Fact] = Field(min_length=1, max_length=6)


class FactCheckOut(Schema):
    fact: str
    verified_at: datetime.datetime
    verified_by_id: int | None
    corrected: bool


@router.post("/customers/{customer_id}/facts", response={200: list[FactCheckOut], **ERRORS})
def confirm_customer_facts(request, customer_id: int, payload: FactsIn):
    """Stamp facts as confirmed by the customer now (the API side of the check-in call; corrections are
    PATCHes of the customer or contact person)."""
    from .services import confirm_facts

    customer = get_customer_for(request.user, customer_id, change=True)
    confirm_facts(customer, user=request.user, confirmed=sorted(set(payload.confirmed)))
    return list(customer.fact_checks.all())
