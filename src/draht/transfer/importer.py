"""The CSV import: rows matched to existing customers, written in chunks of whole customers.

Each chunk is one transaction that also moves the job's cursor (`processed_rows`), so a crash or a kill
leaves whole customers and a job that resumes where it stopped. Re-importing a file updates instead of
duplicating: a row belongs to the customer with the same external id, else e-mail, else E.164 phone
(the customer's or a contact person's), else the same name and postal code.
"""

import itertools
import multiprocessing
import os
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.audit.models import AuditEntry, _jsonable
from draht.core.db import allocate_ids, insert_rows, insert_values, select_in, update_rows
from draht.customers.models import ContactPerson, Customer, SearchEntry, Tag
from draht.customers.rules import fold, known_national_numbers, mmdd, remember_national_numbers
from draht.customers.search import contact_text, contact_text_of, customer_text, customer_text_of
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
        # A first import into an empty database: while every customer in it came from this run (and so is in
        # `seen`), the match lookups cannot find anything and are skipped (see _only_ours()).
        self.started_empty = not Customer.objects.exists()
        self.written = 0
        self.new_ids = {}  # ("new", n) → id once written
        self.counts = Counter()
        self.rejections = []

    # -- reading and planning ------------------------------------------------------------------------

    def parsed_rows(self, start: int = 0):
        _header, rows = read_file(self.job)
        for line, cells in itertools.islice(rows, start, None):
            yield parse_row(line, cells, self.mapping, self.job.default_country)

    def parsed_chunks(self, start: int = 0):
        """Lists of parsed rows, chunk by chunk. Large files are parsed in a second process while this one
        writes the previous chunk: parsing (phone numbers above all) is pure CPU work."""
        _header, rows = read_file(self.job)
        raw_chunks = _chunks(itertools.islice(rows, start, None), self.chunk_rows)
        if self.job.total_rows - start < PARALLEL_FROM_ROWS or (os.cpu_count() or 1) < 2:
            for chunk in raw_chunks:
                yield [prepared_row(line, cells, self.mapping, self.job.default_country) for line, cells in chunk]
            return
        context = multiprocessing.get_context("fork")
        arguments = ((chunk, self.mapping, self.job.default_country, translation.get_language())
                     for chunk in raw_chunks)
        with context.Pool(1) as pool:
            for parsed, nationals in pool.imap(_parse_chunk, arguments):
                remember_national_numbers(nationals)
                yield parsed

    def resolve(self, ref):
        return self.new_ids.get(ref, ref) if isinstance(ref, tuple) else ref

    def _only_ours(self) -> bool:
        """Whether every customer in the database was written by this run. Checked per chunk, so a customer
        somebody adds meanwhile switches the lookups back on."""
        return self.started_empty and Customer.objects.count() == self.written

    def _known_keys(self, rows: list[ParsedRow]) -> dict:
        """Match keys of this chunk found in the database, in one query per kind of key:
        {(kind, value): (customer id, its external id)}."""
        if self._only_ours():
            return {}
        wanted = {"external_id": set(), "email": set(), "phone": set(), "name": set()}
        for row in rows:
            for kind, value in row.keys:
                if (kind, value) not in self.seen:
                    wanted[kind].add(value)
        found = {}

        def add(kind, triples):
            for value, customer_id, external_id in triples:
                found.setdefault((kind, value), (customer_id, external_id))

        if wanted["external_id"]:
            add("external_id", select_in(f"SELECT external_id, id, external_id FROM {CUSTOMERS} "
                                         "WHERE external_id IN %s ORDER BY id", wanted["external_id"]))
        if wanted["email"]:
            add("email", select_in(f"SELECT email, id, external_id FROM {CUSTOMERS} WHERE email IN %s ORDER BY id",
                                   wanted["email"]))
            add("email", select_in(f"SELECT p.email, c.id, c.external_id FROM {CONTACTS} p JOIN {CUSTOMERS} c ON "
                                   "c.id = p.customer_id WHERE p.email IN %s ORDER BY p.id", wanted["email"]))
        if wanted["phone"]:
            add("phone", select_in(f"SELECT phone, id, external_id FROM {CUSTOMERS} WHERE phone IN %s ORDER BY id",
                                   wanted["phone"]))
            for column in ("phone", "mobile"):
                add("phone", select_in(f"SELECT p.{column}, c.id, c.external_id FROM {CONTACTS} p JOIN {CUSTOMERS} c "
                                       f"ON c.id = p.customer_id WHERE p.{column} IN %s ORDER BY p.id",
                                       wanted["phone"]))
        if wanted["name"]:
            names = {v.split("\x1f")[0] for v in wanted["name"]}
            add("name", ((f"{n}\x1f{p}", i, e) for n, p, i, e in select_in(
                f"SELECT name, postal_code, id, external_id FROM {CUSTOMERS} WHERE name IN %s ORDER BY id", names)))
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
        """Write one chunk. Call inside a transaction.

        New customers and contact persons are plain dicts written with insert_values(): at thousands of rows
        per second, building model instances would cost more than the database does.
        """
        now = timezone.now()
        user_id = self.job.created_by_id
        stats = Counter()
        audit = []
        rows_of = {}
        for row, ref, _is_new in planned:
            rows_of.setdefault(ref, []).append(row)
        existing_ids = [self.resolve(r) for r in rows_of if not isinstance(self.resolve(r), tuple)]
        existing = Customer.objects.select_for_update().in_bulk(existing_ids)

        new_customers = {}
        for ref, rows in rows_of.items():
            if isinstance(self.resolve(ref), tuple):
                new_customers[ref] = self._new_customer(rows, now)
        # Ids first, so that new customers and their contact persons can point at each other before either
        # is inserted (the foreign keys are checked at commit).
        for (ref, values), pk in zip(new_customers.items(), allocate_ids(Customer, len(new_customers)), strict=True):
            values["id"] = self.new_ids[ref] = pk

        changed_customers = self._update_customers(rows_of, existing, audit, now)
        stats["customers_changed"] = len(changed_customers)

        new_contacts, changed_contacts = self._contacts(rows_of, existing_ids, audit, user_id)
        for values, pk in zip(new_contacts, allocate_ids(ContactPerson, len(new_contacts)), strict=True):
            values["id"] = pk
        # A customer's first contact person becomes its main contact, as on the page.
        by_id = {values["id"]: values for values in new_customers.values()}
        mains = []
        for person in new_contacts:
            customer = by_id.get(person["customer_id"]) or existing[person["customer_id"]]
            if isinstance(customer, dict):
                customer["main_contact_id"] = customer["main_contact_id"] or person["id"]
            elif customer.main_contact_id is None:
                customer.main_contact_id = person["id"]
                mains.append(customer)
        insert_values(Customer, CUSTOMER_COLUMNS, [[c[k] for k in CUSTOMER_COLUMNS] for c in new_customers.values()],
                      [c["id"] for c in new_customers.values()])
        self.written += len(new_customers)
        insert_values(ContactPerson, CONTACT_COLUMNS, [[p.get(k, CONTACT_DEFAULTS.get(k)) for k in CONTACT_COLUMNS]
                                                       for p in new_contacts], [p["id"] for p in new_contacts])
        update_rows(mains, ["main_contact"])

        self._tags(rows_of, existing_ids)
        reindex = set(changed_customers)
        SearchEntry.objects.filter(customer_id__in=reindex, contact_person=None).delete()
        SearchEntry.objects.filter(contact_person__in=[p.pk for p in changed_contacts]).delete()
        entries = [[c["id"], None, c.pop("_text")] for c in new_customers.values()]
        entries += [[pk, None, customer_text(existing[pk])] for pk in reindex]
        entries += [[p["customer_id"], p["id"], p.pop("_text", None) or contact_text_of(p)] for p in new_contacts]
        entries += [[p.customer_id, p.pk, contact_text(p)] for p in changed_contacts]
        insert_values(SearchEntry, ["customer_id", "contact_person_id", "text"], entries)

        audit += [["draht.customer.imported", user_id, c["id"], "customer", c["id"],
                   {"import": self.job.pk, "lines": [r.line for r in rows_of[ref]]}, now]
                  for ref, c in new_customers.items()]
        insert_values(AuditEntry, AUDIT_FIELDS, audit)
        stats["contacts_created"] = len(new_contacts)
        return stats

    def _new_customer(self, rows: list[ParsedRow], now) -> dict:
        values = dict(rows[0].customer)
        for row in rows[1:]:
            for key, value in row.customer.items():
                values.setdefault(key, value)
        owner_id = next((self.owners[r.owner] for r in rows if r.owner), self.job.default_owner_id)
        same = len(rows) == 1
        return CUSTOMER_DEFAULTS | values | {
            "owner_id": owner_id, "team_id": self.owner_teams.get(owner_id),
            "cadence_days": default_cadence_days(values.get("tier", "C")), "created_at": now, "updated_at": now,
            "due_at": now, "anniversary_mmdd": mmdd(values.get("customer_since")),
            "match_name": rows[0].match_name if same else match_name(values["name"]),
            "_text": rows[0].customer_text if same else customer_text_of(values),
        }

    def _update_customers(self, rows_of, existing, audit, now) -> dict:
        changed = {}
        for ref, rows in rows_of.items():
            customer = existing.get(self.resolve(ref))
            if customer is None:
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
                customer.updated_at = now
                changed[customer.pk] = customer
                audit.append(["draht.customer.changed", self.job.created_by_id, customer.pk, "customer",
                              customer.pk, {"changes": changes, "import": self.job.pk}, now])
        update_rows(changed.values(), ["external_id", "salutation", "title", "first_name", "last_name", "email",
                                       "phone", "street", "postal_code", "city", "country", "subdivision", "tier",
                                       "customer_since", "owner", "team", "version", "anniversary_mmdd",
                                       "updated_at"])
        return changed

    def _contacts(self, rows_of, existing_ids, audit, user_id):
        """The rows' contact persons: new ones as dicts (not yet inserted) and changed ones (saved); one per
        e-mail, else per name, within a customer."""
        known = {}
        for person in ContactPerson.objects.filter(customer_id__in=existing_ids).order_by("id"):
            if person.email:
                known.setdefault((person.customer_id, "email", person.email), person)
            known.setdefault((person.customer_id, "name", fold(person.first_name), fold(person.last_name)), person)
        new, changed = [], {}
        now = timezone.now()
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
                    person = {**values, "customer_id": customer_id, "birthday_mmdd": mmdd(values.get("birthday")),
                              "created_at": now, "_text": row.contact_text}
                    new.append(person)
                elif isinstance(person, dict):  # the same person twice in this chunk: fill in, no history yet
                    person.update({k: v for k, v in values.items() if v})
                    person["birthday_mmdd"] = mmdd(person.get("birthday"))
                    person.pop("_text", None)
                else:
                    changes = {k: [_jsonable(getattr(person, k)), _jsonable(v)] for k, v in values.items()
                               if getattr(person, k) != v}
                    if changes:
                        for key, value in values.items():
                            setattr(person, key, value)
                        person.birthday_mmdd = mmdd(person.birthday)
                        person.version += 1
                        changed[person.pk] = person
                        audit.append(["draht.contact.changed", user_id, customer_id, "contactperson",
                                      person.pk, {"changes": changes, "import": self.job.pk}, timezone.now()])
                known[name_key] = person
                if email_key:
                    known[email_key] = person
        update_rows(changed.values(), [*ROW_CONTACT_FIELDS, "birthday_mmdd", "version"])
        return new, list(changed.values())

    def _tags(self, rows_of, existing_ids):
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
        if existing_ids:
            pairs -= set(through.objects.filter(customer_id__in=existing_ids, tag_id__in=known.values())
                         .values_list("customer_id", "tag_id"))
        insert_values(through, ["customer_id", "tag_id"], sorted(pairs))

    # -- the whole run -------------------------------------------------------------------------------

    def run(self, progress=None) -> ImportJob:
        """Import (or with write=False, check) the rows from the job's cursor on; returns the updated job."""
        job = self.job
        start = job.processed_rows if self.write else 0
        position = start
        for chunk in self.parsed_chunks(start):
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


CUSTOMERS = Customer._meta.db_table
CONTACTS = ContactPerson._meta.db_table
CUSTOMER_DEFAULTS = {f.attname: f.get_default() for f in Customer._meta.concrete_fields if not f.primary_key}
CUSTOMER_COLUMNS = list(CUSTOMER_DEFAULTS)
CONTACT_DEFAULTS = {f.attname: f.get_default() for f in ContactPerson._meta.concrete_fields if not f.primary_key}
CONTACT_COLUMNS = list(CONTACT_DEFAULTS)
AUDIT_FIELDS = ["action", "user_id", "customer_id", "object_type", "object_id", "data", "created_at"]
PARALLEL_FROM_ROWS = 5000


def _chunks(iterable, size):
    while chunk := list(itertools.islice(iterable, size)):
        yield chunk


def prepared_row(line, cells, mapping, default_country) -> ParsedRow:
    """A parsed row with what writing it needs and can be worked out without the database: its index
    texts and its name key (so a second process can do this work)."""
    row = parse_row(line, cells, mapping, default_country)
    if not row.errors:
        row.keys  # noqa: B018 (computed here, in the parsing process, and cached on the row)
        row.customer_text = customer_text_of(row.customer)
        row.contact_text = contact_text_of(row.contact) if row.contact else ""
        row.match_name = match_name(row.customer["name"])
    return row


def _parse_chunk(arguments):
    """Parse one chunk in the parsing process; also hand back the national forms of the phone numbers."""
    chunk, mapping, default_country, language = arguments
    with translation.override(language):
        parsed = [prepared_row(line, cells, mapping, default_country) for line, cells in chunk]
    phones = [row.customer.get("phone") for row in parsed]
    phones += [(row.contact or {}).get(key) for row in parsed for key in ("phone", "mobile")]
    return parsed, known_national_numbers(filter(None, phones))


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

    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now)
    job = ImportJob.objects.select_related("default_owner").get(pk=job_id)
    if not claimed:  # queued twice (a double click): the first run does the work
        return job
    importer = Importer(job, write=not dry_run, chunk_rows=settings.DRAHT_IMPORT_CHUNK_ROWS)
    try:
        return importer.run(progress)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc)[:2000])
        raise


def requeue(job: ImportJob) -> bool:
    """Mark a stalled or failed import to continue from its cursor; False if it is not resumable."""
    if not job.can_resume:
        return False
    return ImportJob.objects.filter(pk=job.pk, status=job.status).update(status=ImportStatus.QUEUED) == 1


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
