"""One search interface over two engines: FTS5 (trigram) on SQLite, pg_trgm on PostgreSQL.

Both match every query term as a substring of the folded index text, so the same tests pass on both.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .models import ContactPerson, Customer, SearchEntry
from .rules import fold_variants, phone_search_forms, search_terms

MIN_TERM_LENGTH = 3


def customer_text(customer: Customer) -> str:
    return customer_text_of(customer.__dict__)


def customer_text_of(values) -> str:
    """The index text of a customer, from its field values (a mapping, e.g. an import row)."""
    parts = [values.get(f) for f in ("name", "first_name", "last_name", "city", "postal_code", "external_id")]
    text = " ".join(fold_variants(p) for p in parts if p)
    return " ".join(filter(None, [text, values.get("email"), phone_search_forms(values.get("phone") or "")]))


def contact_text(person: ContactPerson) -> str:
    return contact_text_of(person.__dict__)


def contact_text_of(values) -> str:
    text = " ".join(fold_variants(values.get(f)) for f in ("first_name", "last_name") if values.get(f))
    phones = " ".join(phone_search_forms(values[f]) for f in ("phone", "mobile") if values.get(f))
    return " ".join(filter(None, [text, values.get("email"), phones]))


def index_customer(customer: Customer) -> None:
    """Rewrite the customer's own entry; call in the transaction that saves the customer."""
    updated = SearchEntry.objects.filter(customer=customer, contact_person=None).update(text=customer_text(customer))
    if not updated:
        SearchEntry.objects.create(customer=customer, contact_person=None, text=customer_text(customer))


def index_contact(person: ContactPerson) -> None:
    updated = SearchEntry.objects.filter(customer_id=person.customer_id, contact_person=person).update(
        text=contact_text(person)
    )
    if not updated:
        SearchEntry.objects.create(customer_id=person.customer_id, contact_person=person, text=contact_text(person))


MAX_CANDIDATES = 500


def _matching_entry_ids_sql(terms: list[str]) -> tuple[str, list]:
    """Ids of up to MAX_CANDIDATES matching entries, in index order: a common fragment ("schmi" among a
    million customers) must not sort every match; the page asks for more letters instead."""
    table = SearchEntry._meta.db_table
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return (f"SELECT rowid FROM customers_searchentry_fts WHERE customers_searchentry_fts MATCH %s "
                f"LIMIT {MAX_CANDIDATES}", [match])
    clauses = " AND ".join(["text LIKE %s"] * len(terms))
    return (f"SELECT id FROM {table} WHERE {clauses} LIMIT {MAX_CANDIDATES}",
            ["%" + _escape_like(t) + "%" for t in terms])


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(query: str, user, limit: int = 20) -> list[SearchEntry]:
    """Entries of customers the user may see, matching every term of the query, sorted by customer name.

    Terms shorter than three characters cannot use the trigram index and are ignored; a query with none
    left finds nothing.
    """
    from draht.accounts import permissions

    terms = [t for t in search_terms(query) if len(t) >= MIN_TERM_LENGTH]
    if not terms:
        return []
    sql, params = _matching_entry_ids_sql(terms)
    entries = SearchEntry.objects.filter(Q(id__in=RawSQL(sql, params)), customer__is_archived=False)
    if not user.sees_everything:
        entries = entries.filter(customer__in=permissions.visible_customers(user, Customer.objects.all()))
    entries = (entries.select_related("customer", "contact_person")
               .only("customer__name", "customer__email", "customer__phone", "customer__city",
                     "contact_person__title", "contact_person__first_name", "contact_person__last_name",
                     "contact_person__email", "contact_person__phone")
               .order_by("customer__name", "id")[:limit])
    return list(entries)

