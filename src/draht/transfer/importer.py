"""The CSV import: rows matched to existing customers, written in chunks of whole customers.

Each chunk is one transaction that also moves the job's cursor (`processed_rows`), so a crash or a kill
leaves whole customers and a job that resumes where it stopped. Re-importing a file updates instead of
duplicating: a row belongs to the customer with the same external id, else e-mail, else E.164 phone
(the customer's or a contact person's), else the same name and postal code.
"""

import itertools
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.audit.models import AuditEntry, _jsonable
from draht.core.db import insert_rows, update_rows
from draht.customers.models import ContactPerson, Customer, SearchEntry, Tag
from draht.customers.rules import fold, mmdd
from draht.customers.search import contact_text, customer_text
from draht.privacy.rules import match_name
from draht.timeline.cadence import default_cadence_days

from . import vcards
from .choices import ImportStatus
from .csvfile import decode, read_rows
from .models import ImportJob, ImportRejection
from .rules import ParsedRow, parse_row


def read_file(job: ImportJob) -> tuple[list[str], "itertools.islice"]:
    """The header and an iterator of (line, cells) for the data rows of the job's file."""
    with job.file.open("rb") as handle:
        text, _encoding = decode(handle.read())
    rows = read_rows(text, job.delimiter)
    _line, header = next(rows)
    return header, rows


class Importer:
    def __init__(self, job: ImportJob, *, write: bool, chunk_rows: int = 1000):
        self.job = job
        self.write = write
        self.chunk_rows = chunk_rows
        self.mapping = {int(k): v for k, v in job.mapping.items()}
        users = get_user_model().objects.filter(is_active=True, role__in=list(permissions.OWN_CUSTOMERS))
        self.owners = {}
        self.owner_teams = {}
        for user in users:
            self.owners[user.username.lower()] = user.pk
            if user.email:
                self.owners.setdefault(user.email.lower(), user.pk)
            self.owner_teams[user.pk] = user.team_id
        self.owner_teams.setdefault(job.default_owner_id, job.default_owner.team_id)
        self.seen = {}  # match key → customer id, or ("new", n) for a customer of this file not written yet
        self.new_ids = {}  # ("new", n) → id once written
        self.counts = Counter()
        self.rejections = []

    # -- reading and planning ------------------------------------------------------------------------

    def parsed_rows(self, start: int = 0):
        _header, rows = read_file(self.job)
        for line, cells in itertools.islice(rows, start, None):
            yield parse_row(line, cells, self.mapping, self.job.default_country)

    def resolve(self, ref):
        return self.new_ids.get(ref, ref) if isinstance(ref, tuple) else ref

    def _known_keys(self, rows: list[ParsedRow]) -> dict:
        """Match keys of this chunk found in the database, in one query per kind of key:
        {(kind, value): (customer id, its external id)}."""
        wanted = {"external_id": set(), "email": set(), "phone": set(), "name": set()}
        for row in rows:
            for kind, value in row.keys:
                if (kind, value) not in self.seen:
                    wanted[kind].add(value)
        found = {}

        def add(kind, triples):
            for value, customer_id, external_id in triples:
                found.setdefault((kind, value), (customer_id, external_id))

        customers = Customer.objects.order_by("id")
        if wanted["external_id"]:
            add("external_id", customers.filter(external_id__in=wanted["external_id"])
                .values_list("external_id", "id", "external_id"))
        if wanted["email"]:
            add("email", customers.filter(email__in=wanted["email"]).values_list("email", "id", "external_id"))
            add("email", ContactPerson.objects.filter(email__in=wanted["email"]).order_by("id")
                .values_list("email", "customer_id", "customer__external_id"))
        if wanted["phone"]:
            add("phone", customers.filter(phone__in=wanted["phone"]).values_list("phone", "id", "external_id"))
            for column in ("phone", "mobile"):
                add("phone", ContactPerson.objects.filter(**{column + "__in": wanted["phone"]}).order_by("id")
                    .values_list(column, "customer_id", "customer__external_id"))
        if wanted["name"]:
            names = {v.split("\x1f")[0] for v in wanted["name"]}
            add("name", ((f"{n}\x1f{p}", i, e) for n, p, i, e in
                         customers.filter(name__in=names).values_list("name", "postal_code", "id", "external_id")))
        return found

    def match(self, row: ParsedRow, found: dict):
        """The customer this row belongs to, or None. A customer with another external id never matches."""
        external_id = row.customer.get("external_id", "")
        for key in row.keys:
            candidate = self.seen.get(key) or found.get(key)
            if candidate is None:
                continue
            ref, candidate_external_id = candidate
            if not external_id or not candidate_external_id or candidate_external_id == external_id:
                return ref
        return None

    def plan(self, rows: list[ParsedRow]) -> list[tuple[ParsedRow, object, bool]]:
        """[(row, customer ref, is_new)] for the rows that can be imported; the others become rejections."""
        found = self._known_keys(rows)
        planned = []
        for row in rows:
            if row.owner and row.owner not in self.owners:
                row.errors.append(_("Owner: no user “%(value)s” who can own customers.") % {"value": row.owner})
            if row.errors:
                self.rejections.append(ImportRejection(job=self.job, line=row.line, reason=" ".join(row.errors),
                                                       cells=row.cells))
                self.counts["rejected"] += 1
                continue
            ref = self.match(row, found)
            is_new = ref is None
            if is_new:
                ref = ("new", self.counts["new_refs"])
                self.counts["new_refs"] += 1
                self.counts["created"] += 1
            elif not isinstance(ref, tuple) or ref in self.new_ids:
                self.counts["updated"] += 1
            external_id = row.customer.get("external_id", "")
            for key in row.keys:
                self.seen.setdefault(key, (ref, external_id))
            planned.append((row, ref, is_new))
        return planned

    # -- writing -------------------------------------------------------------------------------------

    def apply(self, planned) -> Counter:
        """Write one chunk. Call inside a transaction."""
        now = timezone.now()
        user_id = self.job.created_by_id
        stats = Counter()
        audit = []
        new_customers, rows_of = {}, {}
        for row, ref, _is_new in planned:
            rows_of.setdefault(ref, []).append(row)
        existing_ids = [self.resolve(r) for r in rows_of if not isinstance(self.resolve(r), tuple)]
        existing = Customer.objects.select_for_update().in_bulk(existing_ids)

        for ref, rows in rows_of.items():
            if isinstance(self.resolve(ref), tuple):
                values = {}
                for row in rows:
                    for key, value in row.customer.items():
                        values.setdefault(key, value)
                owner_id = next((self.owners[r.owner] for r in rows if r.owner), self.job.default_owner_id)
                tier = values.get("tier", "C")
                customer = Customer(**values, owner_id=owner_id, team_id=self.owner_teams.get(owner_id),
                                    cadence_days=default_cadence_days(tier), created_at=now, due_at=now,
                                    anniversary_mmdd=mmdd(values.get("customer_since")),
                                    match_name=match_name(values["name"]))
                new_customers[ref] = customer
        insert_rows(new_customers.values())
        for ref, customer in new_customers.items():
            self.new_ids[ref] = customer.pk
            existing[customer.pk] = customer

        changed_customers = {}
        for ref, rows in rows_of.items():
            customer = existing[self.resolve(ref)]
            if ref in new_customers:
                continue
            changes = {}
            for row in rows:
                fields = dict(row.customer)
                if row.owner:
                    fields["owner_id"] = self.owners[row.owner]
                    fields["team_id"] = self.owner_teams.get(fields["owner_id"])
                for key, value in fields.items():
                    if key in ("kind", "name") and customer.name:
                        continue  # the name identifies; a re-import must not rename by a looser match
                    if key == "country" and not row.country_given:
                        continue
                    if getattr(customer, key) != value:
                        changes[key] = [_jsonable(getattr(customer, key)), _jsonable(value)]
                        setattr(customer, key, value)
            if changes:
                customer.version += 1
                customer.anniversary_mmdd = mmdd(customer.customer_since)
                changed_customers[customer.pk] = customer
                audit.append(AuditEntry(action="draht.customer.changed", user_id=user_id, customer_id=customer.pk,
                                        object_type="customer", object_id=customer.pk,
                                        data={"changes": changes, "import": self.job.pk}))
        if changed_customers:
            fields = ["external_id", "salutation", "title", "first_name", "last_name", "email", "phone", "street",
                      "postal_code", "city", "country", "subdivision", "tier", "customer_since", "owner", "team",
                      "version", "anniversary_mmdd", "updated_at"]
            for customer in changed_customers.values():
                customer.updated_at = now
            update_rows(changed_customers.values(), fields)
            stats["customers_changed"] = len(changed_customers)

        new_contacts, changed_contacts = self._contacts(rows_of, existing, audit, user_id)
        # A new customer's first contact person becomes its main contact, as on the page.
        mains = []
        for person in new_contacts:
            customer = existing[person.customer_id]
            if customer.main_contact_id is None:
                customer.main_contact_id = person.pk
                mains.append(customer)
        update_rows(mains, ["main_contact"])

        self._tags(rows_of, existing)
        reindex = set(changed_customers)
        SearchEntry.objects.filter(customer_id__in=reindex, contact_person=None).delete()
        SearchEntry.objects.filter(contact_person__in=[p.pk for p in changed_contacts]).delete()
        entries = [SearchEntry(customer_id=c.pk, text=customer_text(c)) for c in new_customers.values()]
        entries += [SearchEntry(customer_id=existing[pk].pk, text=customer_text(existing[pk])) for pk in reindex]
        entries += [SearchEntry(customer_id=p.customer_id, contact_person_id=p.pk, text=contact_text(p))
                    for p in (*new_contacts, *changed_contacts)]
        insert_rows(entries)

        audit += [AuditEntry(action="draht.customer.imported", user_id=user_id, customer_id=c.pk,
                             object_type="customer", object_id=c.pk,
                             data={"import": self.job.pk, "lines": [r.line for r in rows_of[ref]]})
                  for ref, c in new_customers.items()]
        insert_rows(audit)
        stats["contacts_created"] = len(new_contacts)
        return stats

    def _contacts(self, rows_of, customers, audit, user_id):
        """Create or update the rows' contact persons; one per e-mail, else per name, within a customer."""
        customer_ids = [c.pk for c in customers.values()]
        known = {}
        for person in ContactPerson.objects.filter(customer_id__in=customer_ids).order_by("id"):
            if person.email:
                known.setdefault((person.customer_id, "email", person.email), person)
            known.setdefault((person.customer_id, "name", fold(person.first_name), fold(person.last_name)), person)
        new, changed = [], {}
        for ref, rows in rows_of.items():
            customer_id = self.resolve(ref)
            for row in rows:
                if not row.contact:
                    continue
                values = row.contact
                name_key = (customer_id, "name", fold(values.get("first_name", "")), fold(values["last_name"]))
                email_key = (customer_id, "email", values["email"]) if values.get("email") else None
                person = (email_key and known.get(email_key)) or known.get(name_key)
                if person is None:
                    person = ContactPerson(customer_id=customer_id, **values,
                                           birthday_mmdd=mmdd(values.get("birthday")))
                    new.append(person)
                else:
                    changes = {k: [_jsonable(getattr(person, k)), _jsonable(v)] for k, v in values.items()
                               if getattr(person, k) != v}
                    if changes:
                        for key, value in values.items():
                            setattr(person, key, value)
                        person.birthday_mmdd = mmdd(person.birthday)
                        if person.pk:
                            person.version += 1
                            changed[person.pk] = person
                            audit.append(AuditEntry(action="draht.contact.changed", user_id=user_id,
                                                    customer_id=customer_id, object_type="contactperson",
                                                    object_id=person.pk,
                                                    data={"changes": changes, "import": self.job.pk}))
                known[name_key] = person
                if email_key:
                    known[email_key] = person
        insert_rows(new)
        update_rows(changed.values(), [*ROW_CONTACT_FIELDS, "birthday_mmdd", "version"])
        return new, list(changed.values())

    def _tags(self, rows_of, customers):
        wanted = {(self.resolve(ref), name) for ref, rows in rows_of.items() for row in rows for name in row.tags}
        if not wanted:
            return
        names = {name for _c, name in wanted}
        known = dict(Tag.objects.filter(name__in=names).values_list("name", "id"))
        missing = [Tag(name=n) for n in names if n not in known]
        insert_rows(missing)
        known.update((t.name, t.pk) for t in missing)
        through = Customer.tags.through
        pairs = {(c, known[n]) for c, n in wanted}
        pairs -= set(through.objects.filter(customer_id__in={c for c, _n in wanted}, tag_id__in=known.values())
                     .values_list("customer_id", "tag_id"))
        insert_rows([through(customer_id=c, tag_id=t) for c, t in sorted(pairs)])

    # -- the whole run -------------------------------------------------------------------------------

    def run(self, progress=None) -> ImportJob:
        """Import (or with write=False, check) the rows from the job's cursor on; returns the updated job."""
        job = self.job
        start = job.processed_rows if self.write else 0
        rows = self.parsed_rows(start)
        position = start
        while True:
            chunk = list(itertools.islice(rows, self.chunk_rows))
            if not chunk:
                break
            position += len(chunk)
            planned = self.plan(chunk)
            if self.write:
                with transaction.atomic():
                    stats = self.apply(planned)
                    ImportRejection.objects.bulk_create(self.rejections, batch_size=500)
                    ImportJob.objects.filter(pk=job.pk).update(
                        processed_rows=position, heartbeat_at=timezone.now(),
                        created_count=F("created_count") + sum(1 for _r, _f, new in planned if new),
                        updated_count=F("updated_count") + stats["customers_changed"],
                        rejected_count=F("rejected_count") + len(self.rejections),
                        contacts_created=F("contacts_created") + stats["contacts_created"],
                    )
                self.rejections = []
            else:
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=position, heartbeat_at=timezone.now())
            if progress:
                progress(position, job.total_rows)
        with transaction.atomic():
            if not self.write:
                ImportRejection.objects.bulk_create(self.rejections, batch_size=500)
                ImportJob.objects.filter(pk=job.pk).update(
                    created_count=self.counts["created"], updated_count=self.counts["updated"],
                    rejected_count=self.counts["rejected"])
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.CHECKED if not self.write else ImportStatus.DONE, finished_at=timezone.now())
        if self.write:  # data minimisation: the file is not needed once every row is in (or rejected)
            job.file.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="")
        job.refresh_from_db()
        return job


ROW_CONTACT_FIELDS = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                      "birthday"]


def start_import(job: ImportJob, *, dry_run: bool) -> None:
    """Reset the job for a fresh run (a dry run, or the real import after one) and mark it queued."""
    with transaction.atomic():
        job.rejections.all().delete()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.QUEUED, dry_run=dry_run, processed_rows=0, created_count=0, updated_count=0,
            rejected_count=0, contacts_created=0, error="", started_at=None, finished_at=None, heartbeat_at=None)


def execute(job_id: int, *, dry_run: bool, progress=None) -> ImportJob:
    """Run a queued (or resumed) job to its end; on an error the job says why and can be resumed."""
    from django.conf import settings

    job = ImportJob.objects.select_related("default_owner").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now(),
                                               heartbeat_at=timezone.now())
    importer = Importer(job, write=not dry_run, chunk_rows=settings.DRAHT_IMPORT_CHUNK_ROWS)
    try:
        return importer.run(progress)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc)[:2000])
        raise


def check_size(size: int) -> None:
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    from .csvfile import CsvError

    if size > settings.DRAHT_IMPORT_MAX_BYTES:
        raise CsvError(_("The file is larger than %(limit)s. Split it into smaller files and import them one by one.")
                       % {"limit": filesizeformat(settings.DRAHT_IMPORT_MAX_BYTES)})


def create_job(data: bytes, *, name: str, user, default_owner, default_country: str = "DE") -> ImportJob:
    """Check an uploaded file, store it and propose a mapping; raises CsvError with a message for the user."""
    from django.core.files.base import ContentFile

    from .csvfile import CsvError, detect_delimiter, propose_mapping

    check_size(len(data))
    text, encoding = decode(data)
    if vcards.looks_like_vcard(text):
        data = vcards.cards_to_csv(text)
        text, encoding = decode(data)
        encoding = "vcard"
    delimiter = detect_delimiter(text)
    rows = read_rows(text, delimiter)
    _line, headers = next(rows)
    total = sum(1 for _row in rows)
    mapping = propose_mapping(headers)
    if not mapping:
        raise CsvError(_("None of the columns was recognised (first row: %(headers)s). The first row must name the "
                         "columns, e.g. Firma, Straße, PLZ, Ort, Telefon, E-Mail.")
                       % {"headers": ", ".join(h[:30] for h in headers[:8])})
    if not total:
        raise CsvError(_("The file has a header row but no data rows."))
    job = ImportJob(created_by=user, original_name=name[:255], encoding=encoding, delimiter=delimiter,
                    headers=[h[:100] for h in headers], mapping={str(k): v for k, v in mapping.items()},
                    default_owner=default_owner, default_country=default_country, total_rows=total)
    job.file.save("import.csv", ContentFile(data), save=False)
    job.save()
    return job


def preview(job: ImportJob, limit: int = 20) -> list[tuple[ParsedRow, str]]:
    """The first rows as they would be imported: (row, "create" | "update" | "reject")."""
    importer = Importer(job, write=False)
    rows = list(itertools.islice(importer.parsed_rows(), limit))
    planned = {row.line: is_new for row, _ref, is_new in importer.plan(rows)}
    return [(row, "reject" if row.line not in planned else "create" if planned[row.line] else "update")
            for row in rows]
