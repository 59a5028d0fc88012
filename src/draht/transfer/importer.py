"""The CSV import: rows matched to existing customers, written in chunks of whole customers.

Each chunk is one transaction that also moves the job's cursor (`processed_rows`), so a crash or a kill
leaves whole customers and a job that resumes where it stopped. Re-importing a file updates instead of
duplicating: a row belongs to the customer with the same external id, else e-mail, else E.164 phone
(the customer's or a contact person's), else the same name and postal code.
"""

import itertools
import multiprocessing
import os
import pickle
import queue
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.audit.models import AuditEntry, _jsonable
from draht.core.db import (
    allocate_ids,
    commit_without_waiting,
    highest_id,
    insert_prepared,
    insert_rows,
    point_lookups,
    refresh_statistics,
    row_format,
    select_in,
    update_rows,
)
from draht.core.processes import die_with_parent
from draht.customers.models import ContactPerson, Customer, SearchEntry, Tag
from draht.customers.rules import fold, known_national_numbers, mmdd, remember_national_numbers, sort_key
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
        self.ours_only = self.started_empty
        self.id_mark = highest_id(Customer) if self.started_empty else 0  # the last customer id this run took
        self.written = 0
        # Customers in the table when its statistics were last refreshed, and written by this run since then.
        self.size_at_refresh = 0 if self.started_empty or not write else Customer.objects.count()
        self.written_at_refresh = 0
        self.new_ids = {}  # ("new", n) → id once written
        self.counts = Counter()
        self.rejections = []
        self.fmt = row_format()

    # -- reading and planning ------------------------------------------------------------------------

    def parsed_rows(self, start: int = 0):
        _header, rows = read_file(self.job)
        for line, cells in itertools.islice(rows, start, None):
            yield parse_row(line, cells, self.mapping, self.job.default_country)

    def parsed_chunks(self, start: int = 0):
        """Lists of parsed rows, chunk by chunk. A large file is read and parsed by a second process while this
        one writes the chunks before: parsing (phone numbers, index texts, the rows for the database) is pure CPU
        work, and this process then only unpickles what it is sent."""
        if self.job.total_rows - start < PARALLEL_FROM_ROWS or (os.cpu_count() or 1) < 2:
            yield from self._parse(start)
            return
        context = multiprocessing.get_context("fork")
        inbox = context.Queue(maxsize=PARSED_AHEAD)
        parser = context.Process(target=self._parse_into, args=(inbox, start, translation.get_language(), os.getpid()),
                                 name="draht-import-parser", daemon=True)
        parser.start()
        try:
            while True:
                try:
                    item = inbox.get(timeout=1)
                except queue.Empty:
                    if not parser.is_alive():
                        raise RuntimeError(_("Reading the file stopped unexpectedly (exit code %(code)s). Resume the "
                                             "import to continue.") % {"code": parser.exitcode}) from None
                    continue
                if item is None:
                    break
                if isinstance(item, Exception):
                    raise item
                parsed, nationals = item
                remember_national_numbers(nationals)
                yield parsed
        finally:
            if parser.is_alive():
                parser.terminate()
            parser.join()

    def _parse(self, start: int):
        _header, rows = read_file(self.job)
        for chunk in _chunks(itertools.islice(rows, start, None), self.chunk_rows):
            yield [prepared_row(line, cells, self.mapping, self.job.default_country, self.fmt) for line, cells in chunk]

    def _parse_into(self, outbox, start: int, language: str, writer: int) -> None:
        """The parsing process: every chunk from `start` on into the queue, then None (or the error). It ends
        with the writer, however the writer ends (a worker killed mid-import leaves no parser behind)."""
        die_with_parent(writer)
        try:
            with translation.override(language):
                for parsed in self._parse(start):
                    phones = [row.customer.get("phone") for row in parsed]
                    phones += [(row.contact or {}).get(key) for row in parsed for key in ("phone", "mobile")]
                    outbox.put((parsed, known_national_numbers(filter(None, phones))))
            outbox.put(None)
        except Exception as exc:  # handed to the writer, which fails the job with it
            try:
                pickle.dumps(exc)
            except Exception:
                exc = RuntimeError(str(exc))
            outbox.put(exc)

    def resolve(self, ref):
        return self.new_ids.get(ref, ref) if isinstance(ref, tuple) else ref

    def _only_ours(self) -> bool:
        """Whether every customer in the database was written by this run: it started empty, its customer ids
        came in one unbroken run (see _take_customer_ids()), and nobody has taken an id since. Checked per chunk,
        so a customer somebody adds meanwhile switches the lookups back on."""
        return self.ours_only and highest_id(Customer) <= self.id_mark

    def _take_customer_ids(self, count: int) -> list[int]:
        ids = allocate_ids(Customer, count)
        if ids:
            if ids[0] != self.id_mark + 1 or ids[-1] != self.id_mark + count:  # somebody took ids in between
                self.ours_only = False
            self.id_mark = max(self.id_mark, ids[-1])
        return ids

    def _known_keys(self, rows: list[ParsedRow]) -> dict:
        """Match keys of this chunk found in the database: {(kind, value): (customer id, its external id)}.

        Kind by kind in match order, each only for the rows that no earlier kind has matched (match() takes the
        first key that finds a customer, so the later keys of a matched row are never asked): a re-import,
        where every row finds its customer by external id, costs one query per chunk instead of seven.
        """
        if self._only_ours():
            return {}
        found = {}
        pending = [row for row in rows if not row.errors]
        with point_lookups():
            for kind, queries in KEY_LOOKUPS.items():
                wanted = {value for row in pending for k, value in row.keys
                          if k == kind and (kind, value) not in self.seen}
                if kind == "name":  # looked up by name, matched by name and postal code
                    names = {value.split("\x1f")[0] for value in wanted}
                    triples = [(f"{n}\x1f{p}", i, e) for sql in queries for n, p, i, e in select_in(sql, names)]
                else:
                    triples = [triple for sql in queries for triple in select_in(sql, wanted)] if wanted else []
                for value, customer_id, external_id in triples:
                    found.setdefault((kind, value), (customer_id, external_id))
                pending = [row for row in pending if self.match(row, found) is None]
                if not pending:
                    break
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
                reason = " ".join(row.errors)
                if row.label:  # a vCard: named by its number and name, not by a line of the converted file
                    reason = _("Card %(card)s: %(reason)s") % {"card": row.label, "reason": reason}
                self.rejections.append(ImportRejection(job=self.job, line=row.line, reason=reason, cells=row.cells))
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

        New rows are built as the database takes them (draht.core.db.row_format): COPY text on PostgreSQL, tuples
        on SQLite. A new customer from a single row was built by the parsing process already (prepared_row), so
        writing it costs this process a few string joins; building model instances would cost more than the
        database does (decision 0003).
        """
        now = timezone.now()
        fmt = self.fmt
        stamp = fmt.value(now)
        user_id = self.job.created_by_id
        stats = Counter()
        audit = []
        rows_of = {}
        for row, ref, _is_new in planned:
            rows_of.setdefault(ref, []).append(row)
        existing_ids = [self.resolve(r) for r in rows_of if not isinstance(self.resolve(r), tuple)]
        existing = Customer.objects.select_for_update().in_bulk(existing_ids)

        # Ids first, so that new customers and their contact persons can point at each other before either is
        # inserted (the foreign keys are checked at commit).
        new_refs = [ref for ref in rows_of if isinstance(self.resolve(ref), tuple)]
        for ref, pk in zip(new_refs, self._take_customer_ids(len(new_refs)), strict=True):
            self.new_ids[ref] = pk

        changed_customers = self._update_customers(rows_of, existing, audit, now)
        new_contacts, changed_contacts = self._contacts(rows_of, existing, audit, user_id)
        touched = set(changed_customers) | {p.customer_id for p in changed_contacts} | {
            customer_id for customer_id, _row, _text in new_contacts if customer_id in existing}
        stats["customers_changed"] = len(touched)
        stats["customers_unchanged"] = len(existing) - len(touched)
        contact_ids = allocate_ids(ContactPerson, len(new_contacts))
        # A customer's first contact person becomes its main contact, as on the page.
        main_of = {}
        for (customer_id, _row, _text), pk in zip(new_contacts, contact_ids, strict=True):
            main_of.setdefault(customer_id, pk)
        mains = [c for c in existing.values() if c.main_contact_id is None and c.pk in main_of]
        for customer in mains:
            customer.main_contact_id = main_of[customer.pk]

        customer_rows, entries, audit_rows = [], [], []
        job_id = self.job.pk
        for ref in new_refs:
            rows = rows_of[ref]
            pk = self.new_ids[ref]
            owner_id = next((self.owners[r.owner] for r in rows if r.owner), self.job.default_owner_id)
            if len(rows) == 1 and rows[0].customer_row is not None:
                static, text = rows[0].customer_row, rows[0].customer_text
            else:
                values = merged_customer(rows)
                static, text = fmt.row(customer_static_values(values)), customer_text_of(values)
            dynamic = fmt.row((pk, main_of.get(pk), owner_id, self.owner_teams.get(owner_id), stamp, stamp, stamp))
            customer_rows.append(fmt.join(dynamic, static))
            entries.append(fmt.row((pk, None, text)))
            lines = ", ".join([str(r.line) for r in rows])
            audit_rows.append(fmt.row(("draht.customer.imported", user_id, pk, "customer", pk,
                                       f'{{"import": {job_id}, "lines": [{lines}]}}', stamp)))
        insert_prepared(Customer, CUSTOMER_DYNAMIC + CUSTOMER_STATIC, customer_rows)
        self.written += len(new_refs)
        insert_prepared(ContactPerson, CONTACT_DYNAMIC + CONTACT_STATIC,
                        [fmt.join(fmt.row((pk, customer_id, stamp)), static)
                         for (customer_id, static, _text), pk in zip(new_contacts, contact_ids, strict=True)])
        update_rows(mains, ["main_contact"])

        self._tags(rows_of, existing_ids)
        reindex = set(changed_customers)
        SearchEntry.objects.filter(customer_id__in=reindex, contact_person=None).delete()
        SearchEntry.objects.filter(contact_person__in=[p.pk for p in changed_contacts]).delete()
        entries += [fmt.row((pk, None, customer_text(existing[pk]))) for pk in reindex]
        entries += [fmt.row((customer_id, pk, text))
                    for (customer_id, _row, text), pk in zip(new_contacts, contact_ids, strict=True)]
        entries += [fmt.row((p.customer_id, p.pk, contact_text(p))) for p in changed_contacts]
        insert_prepared(SearchEntry, ["customer_id", "contact_person_id", "text"], entries)
        audit_rows += [fmt.row(values) for values in audit]
        insert_prepared(AuditEntry, AUDIT_FIELDS, audit_rows)
        stats["contacts_created"] = len(new_contacts)
        return stats

    def field_changes(self, customer, rows) -> dict:
        """{field: new value} where the rows would change the customer (the name stays: it identifies)."""
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
                if changes.get(key, getattr(customer, key)) != value:
                    changes[key] = value
        return changes

    def _update_customers(self, rows_of, existing, audit, now) -> dict:
        changed = {}
        for ref, rows in rows_of.items():
            customer = existing.get(self.resolve(ref))
            if customer is None:
                continue
            changes = {}
            for key, value in self.field_changes(customer, rows).items():
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
                                       "phone", "other_contacts", "street", "postal_code", "city", "country",
                                       "subdivision", "tier",
                                       "customer_since", "owner", "team", "version", "anniversary_mmdd",
                                       "updated_at"])
        return changed

    def _contacts(self, rows_of, existing, audit, user_id):
        """The rows' contact persons: new ones as (customer id, prepared row, index text), not yet inserted, and
        changed ones (saved); one per e-mail, else per name, within a customer."""
        fmt = self.fmt
        known = {}
        for person in ContactPerson.objects.filter(customer_id__in=list(existing)).order_by("id"):
            if person.email:
                known.setdefault((person.customer_id, "email", person.email), person)
            known.setdefault((person.customer_id, "name", fold(person.first_name), fold(person.last_name)), person)
        new, merged, changed = [], [], {}
        now = timezone.now()
        for ref, rows in rows_of.items():
            customer_id = self.resolve(ref)
            if len(rows) == 1 and customer_id not in existing:  # a new customer from one row: as parsed
                row = rows[0]
                if row.contact and row.contact_row is not None:
                    new.append((customer_id, row.contact_row, row.contact_text))
                    continue
            for row in rows:
                if not row.contact:
                    continue
                values = row.contact
                name_key = (customer_id, "name", fold(values.get("first_name", "")), fold(values["last_name"]))
                email_key = (customer_id, "email", values["email"]) if values.get("email") else None
                person = (email_key and known.get(email_key)) or known.get(name_key)
                if person is None:
                    person = {**values, "customer_id": customer_id}
                    merged.append(person)
                elif isinstance(person, dict):  # the same person twice in this chunk: fill in, no history yet
                    person.update({k: v for k, v in values.items() if v})
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
                                      person.pk, {"changes": changes, "import": self.job.pk}, now])
                known[name_key] = person
                if email_key:
                    known[email_key] = person
        new += [(p["customer_id"], fmt.row(contact_static_values(p)), contact_text_of(p)) for p in merged]
        update_rows(changed.values(), [*ROW_CONTACT_FIELDS, "birthday_mmdd", "version"])
        return new, list(changed.values())

    def verdicts(self, planned) -> dict:
        """{row line: "create" | "update" | "unchanged"} as the real import would do (the preview)."""
        _count, gaining = self.count_new_contacts(planned)
        existing = self._existing_of(planned)
        result = {}
        for row, ref, is_new in planned:
            if is_new or isinstance(self.resolve(ref), tuple):
                result[row.line] = "create"
            else:
                customer = existing.get(self.resolve(ref))
                same = customer is not None and not self.field_changes(customer, [row]) and ref not in gaining
                result[row.line] = "unchanged" if same else "update"
        return result

    def _existing_of(self, planned) -> dict:
        ids = {self.resolve(ref) for _row, ref, _new in planned if not isinstance(self.resolve(ref), tuple)}
        return Customer.objects.in_bulk(ids) if ids else {}

    def count_changes(self, planned, gaining) -> tuple[int, int]:
        """(customers the rows would change, customers they match but leave as they are), for a dry run."""
        rows_of = {}
        for row, ref, _new in planned:
            if not isinstance(self.resolve(ref), tuple):
                rows_of.setdefault(ref, []).append(row)
        existing = self._existing_of(planned)
        changed = sum(1 for ref, rows in rows_of.items() if ref in gaining or (
            self.resolve(ref) in existing and self.field_changes(existing[self.resolve(ref)], rows)))
        return changed, len(rows_of) - changed

    def count_new_contacts(self, planned) -> tuple[int, set]:
        """How many contact persons the real import would create for these planned rows (the dry run's figure):
        one per e-mail, else per name, within a customer, as _contacts() decides; and the refs that gain one."""
        rows_of = {}
        for row, ref, _is_new in planned:
            rows_of.setdefault(ref, []).append(row)
        existing = [self.resolve(r) for r in rows_of if not isinstance(self.resolve(r), tuple)]
        known = set()
        for customer_id, email, first, last in ContactPerson.objects.filter(customer_id__in=existing).values_list(
                "customer_id", "email", "first_name", "last_name"):
            if email:
                known.add((customer_id, "email", email))
            known.add((customer_id, "name", fold(first), fold(last)))
        count, gaining = 0, set()
        for ref, rows in rows_of.items():
            customer_id = self.resolve(ref)
            for row in rows:
                if not row.contact:
                    continue
                keys = {(customer_id, "name", fold(row.contact.get("first_name", "")), fold(row.contact["last_name"]))}
                if row.contact.get("email"):
                    keys.add((customer_id, "email", row.contact["email"]))
                if not keys & known:
                    count += 1
                    gaining.add(ref)
                known |= keys
        return count, gaining

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
        insert_prepared(through, ["customer_id", "tag_id"], [self.fmt.row(pair) for pair in sorted(pairs)])

    def refresh_statistics(self, final: bool = False) -> None:
        """Refresh the planner's statistics of the tables the lookups read once this run has grown them a lot:
        during the run each time it has doubled the customers (while lookups are made at all), and at the end
        after a tenth more (draht.core.db.refresh_statistics)."""
        since = self.written - self.written_at_refresh
        if final:
            due = since >= max(1000, self.size_at_refresh // 10)
        else:
            due = since >= max(10_000, self.size_at_refresh) and not self._only_ours()
        if due:
            refresh_statistics([Customer, ContactPerson, Customer.tags.through, SearchEntry])
            self.size_at_refresh += since
            self.written_at_refresh = self.written

    # -- the whole run -------------------------------------------------------------------------------

    def write_chunk(self, planned, rejections: list[ImportRejection], position: int) -> None:
        """One chunk in one transaction, together with the job's cursor: a crash leaves whole chunks.

        Its commit does not wait for the disk (commit_without_waiting): a chunk lost to a power failure takes the
        cursor back with it and is imported again on resume. The run's last transaction (status "done", before
        the file is deleted) is an ordinary commit, which waits for every chunk before it."""
        job = self.job
        with transaction.atomic():
            commit_without_waiting()
            stats = self.apply(planned)
            ImportRejection.objects.bulk_create(rejections, batch_size=500)
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=position, heartbeat_at=timezone.now(),
                created_count=F("created_count") + sum(1 for _r, _f, new in planned if new),
                updated_count=F("updated_count") + stats["customers_changed"],
                unchanged_count=F("unchanged_count") + stats["customers_unchanged"],
                rejected_count=F("rejected_count") + len(rejections),
                contacts_created=F("contacts_created") + stats["contacts_created"],
            )

    def run(self, progress=None) -> ImportJob:
        """Import (or with write=False, check) the rows from the job's cursor on; returns the updated job."""
        job = self.job
        start = job.processed_rows if self.write else 0
        position = start
        for chunk in self.parsed_chunks(start):
            position += len(chunk)
            planned = self.plan(chunk)
            if self.write:
                rejections, self.rejections = self.rejections, []
                self.write_chunk(planned, rejections, position)
                self.refresh_statistics()
            else:
                contacts, gaining = self.count_new_contacts(planned)
                self.counts["contacts"] += contacts
                changed, unchanged = self.count_changes(planned, gaining)
                self.counts["changed"] += changed
                self.counts["unchanged"] += unchanged
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=position, heartbeat_at=timezone.now())
            if progress:
                progress(position, job.total_rows)
        if self.write:
            self.refresh_statistics(final=True)
        with transaction.atomic():
            if not self.write:
                ImportRejection.objects.bulk_create(self.rejections, batch_size=500)
                ImportJob.objects.filter(pk=job.pk).update(
                    created_count=self.counts["created"], updated_count=self.counts["changed"],
                    unchanged_count=self.counts["unchanged"], rejected_count=self.counts["rejected"],
                    contacts_created=self.counts["contacts"])
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.CHECKED if not self.write else ImportStatus.DONE, finished_at=timezone.now())
        if self.write:  # data minimisation: the file is not needed once every row is in (or rejected)
            job.file.delete(save=False)
            job.source.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="", source="")
        job.refresh_from_db()
        return job


CUSTOMERS = Customer._meta.db_table
CONTACTS = ContactPerson._meta.db_table
CUSTOMER_DEFAULTS = {f.attname: f.get_default() for f in Customer._meta.concrete_fields if not f.primary_key}
CUSTOMER_COLUMNS = list(CUSTOMER_DEFAULTS)
# A new customer's row in two parts: what the writer knows (ids, owner, the time of writing) and what follows
# from the file's values alone, which the parsing process prepares.
CUSTOMER_DYNAMIC = ["id", "main_contact_id", "owner_id", "team_id", "created_at", "updated_at", "due_at"]
CUSTOMER_STATIC = [c for c in CUSTOMER_COLUMNS if c not in CUSTOMER_DYNAMIC]
CONTACT_DEFAULTS = {f.attname: f.get_default() for f in ContactPerson._meta.concrete_fields if not f.primary_key}
CONTACT_DYNAMIC = ["id", "customer_id", "created_at"]
CONTACT_STATIC = [c for c in CONTACT_DEFAULTS if c not in CONTACT_DYNAMIC]
# The match lookups per kind of key, in match order; each query gives (key value, customer id, external id).
KEY_LOOKUPS = {
    "external_id": [f"SELECT external_id, id, external_id FROM {CUSTOMERS} WHERE external_id IN %s ORDER BY id"],
    "email": [f"SELECT email, id, external_id FROM {CUSTOMERS} WHERE email IN %s ORDER BY id",
              f"SELECT p.email, c.id, c.external_id FROM {CONTACTS} p JOIN {CUSTOMERS} c ON c.id = p.customer_id "
              "WHERE p.email IN %s ORDER BY p.id"],
    "phone": [f"SELECT phone, id, external_id FROM {CUSTOMERS} WHERE phone IN %s ORDER BY id"] + [
        f"SELECT p.{column}, c.id, c.external_id FROM {CONTACTS} p JOIN {CUSTOMERS} c ON c.id = p.customer_id "
        f"WHERE p.{column} IN %s ORDER BY p.id" for column in ("phone", "mobile")],
    "name": [f"SELECT name, postal_code, id, external_id FROM {CUSTOMERS} WHERE name IN %s ORDER BY id"],
}
AUDIT_FIELDS = ["action", "user_id", "customer_id", "object_type", "object_id", "data", "created_at"]
PARALLEL_FROM_ROWS = 5000
PARSED_AHEAD = 4  # chunks the parsing process may be ahead of the writer


def customer_static_values(values: dict) -> list:
    """A new customer's CUSTOMER_STATIC columns from its field values, derived fields set as the services set
    them (tests/test_import.py compares an imported customer with one made on the page)."""
    fields = CUSTOMER_DEFAULTS | values
    fields["cadence_days"] = default_cadence_days(values.get("tier", "C"))
    fields["anniversary_mmdd"] = mmdd(values.get("customer_since"))
    fields["match_name"] = match_name(values["name"])
    fields["sort_name"] = sort_key(values["name"])
    return [fields[c] for c in CUSTOMER_STATIC]


def contact_static_values(values: dict) -> list:
    fields = CONTACT_DEFAULTS | values
    fields["birthday_mmdd"] = mmdd(values.get("birthday"))
    return [fields[c] for c in CONTACT_STATIC]


def merged_customer(rows: list[ParsedRow]) -> dict:
    """The values of a new customer named by several rows: the first row's, gaps filled from the others."""
    values = dict(rows[0].customer)
    for row in rows[1:]:
        for key, value in row.customer.items():
            values.setdefault(key, value)
    return values


def _chunks(iterable, size):
    while chunk := list(itertools.islice(iterable, size)):
        yield chunk


def prepared_row(line, cells, mapping, default_country, fmt=None) -> ParsedRow:
    """A parsed row with what writing it needs and can be worked out without the database: its index texts,
    its match keys, and its customer and contact person as rows for the database (so a second process can do
    this work)."""
    row = parse_row(line, cells, mapping, default_country)
    if not row.errors:
        fmt = fmt or row_format()
        row.keys  # noqa: B018 (computed here, in the parsing process, and cached on the row)
        row.customer_text = customer_text_of(row.customer)
        row.customer_row = fmt.row(customer_static_values(row.customer))
        if row.contact:
            row.contact_text = contact_text_of(row.contact)
            row.contact_row = fmt.row(contact_static_values(row.contact))
    return row


ROW_CONTACT_FIELDS = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                      "other_contacts", "birthday"]


def start_import(job: ImportJob, *, dry_run: bool) -> None:
    """Reset the job for a fresh run (a dry run, or the real import after one) and mark it queued."""
    with transaction.atomic():
        job.rejections.all().delete()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.QUEUED, dry_run=dry_run, processed_rows=0, created_count=0, updated_count=0,
            rejected_count=0, contacts_created=0, unchanged_count=0, error="", started_at=None, finished_at=None,
            heartbeat_at=None)


def execute(job_id: int, *, dry_run: bool, progress=None) -> ImportJob:
    """Run a queued (or resumed) job to its end; on an error the job says why and can be resumed."""
    from django.conf import settings

    now = timezone.now()
    from draht.core.processes import process_tag

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, runner=process_tag())
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


def store_upload(uploaded, *, name: str, user, default_owner, default_country: str = "DE") -> ImportJob:
    """Keep an uploaded file (copied in chunks, never read whole into the web process) and queue its analysis for
    the worker: a large vCard file takes longer to read than a web request may."""
    from django.core.files import File
    from django.utils.translation import get_language

    from .tasks import analyse_import

    check_size(uploaded.size)
    with transaction.atomic():
        job = ImportJob(created_by=user, original_name=name[:255], encoding="", delimiter=",",
                        default_owner=default_owner, default_country=default_country,
                        status=ImportStatus.ANALYSING)
        job.file.save("import.csv", File(uploaded), save=False)
        job.save()
        language = get_language()
        transaction.on_commit(lambda: analyse_import.enqueue(job.pk, language))
    return job


def analyse(job: ImportJob) -> ImportJob:
    """Detect the file's format, columns and row count and propose a mapping (vCards become rows first). A file
    draht cannot read leaves the job failed with the reason for the user."""
    from .csvfile import CsvError

    try:
        with (job.source or job.file).open("rb") as handle:
            data = handle.read()
        values = _analyse(data, sheet=job.sheet)
    except CsvError as exc:  # nothing of an unreadable file is kept, only the reason
        job.file.delete(save=False)
        job.source.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc), file="", source="")
        job.refresh_from_db()
        return job
    converted = values.pop("converted", None)
    if converted is not None:
        from django.core.files.base import ContentFile

        old = job.file.name
        if values.get("sheets") and not job.source:  # a spreadsheet: keep it, to choose another sheet
            job.source.name, old = old, ""
        job.file.save("import.csv", ContentFile(converted), save=False)
        if old:
            job.file.storage.delete(old)
    for key, value in values.items():
        setattr(job, key, value)
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=[*values, "file", "source", "status"])
    return job


def choose_sheet(job: ImportJob, sheet: str) -> None:
    """Read another sheet of the uploaded spreadsheet (the worker does it)."""
    from django.utils.translation import get_language

    from .tasks import analyse_import

    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(sheet=sheet, status=ImportStatus.ANALYSING, error="")
        language = get_language()
        transaction.on_commit(lambda: analyse_import.enqueue(job.pk, language))


def _analyse(data: bytes, sheet: str = "") -> dict:
    from . import spreadsheets
    from .csvfile import CsvError, detect_delimiter, detect_format

    check_size(len(data))
    converted, extra = None, {}
    if spreadsheets.looks_like_spreadsheet(data):
        converted, chosen, names = spreadsheets.to_csv(data, sheet)
        text, _encoding = decode(converted)
        encoding = "ods" if b"opendocument" in data[:200] else "xls" if data.startswith(spreadsheets.OLE) else "xlsx"
        extra = {"sheet": chosen, "sheets": names}
    elif vcards.looks_like_vcard_bytes(data):  # from the bytes: a vCard is decoded line by line, after unfolding
        converted = vcards.cards_to_csv(data)
        text, encoding = decode(converted)
        encoding = "vcard"
    else:
        text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    rows = read_rows(text, delimiter)
    _line, headers = next(rows)
    total = sum(1 for _row in rows)
    mapping, detected = detect_format(headers)
    if encoding == "vcard":
        detected = "vCard"
    elif extra and not detected:
        detected = {"ods": "OpenDocument", "xls": "Excel 97–2003"}.get(encoding, "Excel")
    if not mapping:
        raise CsvError(_("None of the columns was recognised (first row: %(headers)s). The first row must name the "
                         "columns, e.g. Firma, Straße, PLZ, Ort, Telefon, E-Mail.")
                       % {"headers": ", ".join(h[:30] for h in headers[:8])})
    if not total:
        raise CsvError(_("The file has a header row but no data rows."))
    return {"encoding": encoding, "delimiter": delimiter, "headers": [h[:100] for h in headers],
            "detected_format": detected,
            "mapping": {str(k): v for k, v in mapping.items()}, "total_rows": total, "converted": converted} | extra


def create_job(data: bytes, *, name: str, user, default_owner, default_country: str = "DE") -> ImportJob:
    """Check a file's content, store it and propose a mapping at once (the command line, which is a process of
    its own); raises CsvError with a message for the user."""
    from django.core.files.base import ContentFile

    values = _analyse(data)
    converted = values.pop("converted")
    job = ImportJob(created_by=user, original_name=name[:255], default_owner=default_owner,
                    default_country=default_country, **values)
    if values.get("sheets"):
        from django.core.files.base import ContentFile as _Content

        job.source.save("import.source", _Content(data), save=False)
    job.file.save("import.csv", ContentFile(converted if converted is not None else data), save=False)
    job.save()
    return job


def preview(job: ImportJob, limit: int = 20) -> list[tuple[ParsedRow, str]]:
    """The first rows as they would be imported: (row, "create" | "update" | "reject")."""
    importer = Importer(job, write=False)
    rows = list(itertools.islice(importer.parsed_rows(), limit))
    verdicts = importer.verdicts(importer.plan(rows))
    return [(row, verdicts.get(row.line, "reject")) for row in rows]
