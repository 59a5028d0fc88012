import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from draht.audit.models import log_action

from .choices import CustomerKind, Fact, NewsletterStatus, Salutation, Tier, Tristate


class Tag(models.Model):
    """A free label on customers (segment, industry, …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Customer(models.Model):
    """An organisation or a private person we keep in touch with; exactly one owner at all times."""

    kind = models.CharField(_("kind"), max_length=12, choices=CustomerKind.choices, default=CustomerKind.ORGANISATION)
    name = models.CharField(_("name"), max_length=200)
    salutation = models.CharField(_("salutation"), max_length=10, choices=Salutation.choices, blank=True)
    title = models.CharField(_("title"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="customers",
        db_index=False,  # customer_owner_covered and the other owner indexes lead with owner_id
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="customers",
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, default=Tier.C)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="customers")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="de")

    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Stored in E.164, e.g. +436641234567"))
    other_contacts = models.JSONField(
        _("further e-mail addresses and numbers"), default=list, blank=True,
        help_text=_("[{kind: email|phone|mobile|fax, value, label, invalid}]: what an address book held besides "
                    "the main address and number; a number that could not be read is kept as typed."))
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="DE", help_text=_("ISO 3166-1 alpha-2"))
    subdivision = models.CharField(_("region"), max_length=6, blank=True, help_text=_("ISO 3166-2, e.g. DE-BY"))

    newsletter_status = models.CharField(
        _("newsletter"), max_length=16, choices=NewsletterStatus.choices, default=NewsletterStatus.UNKNOWN
    )
    home_office_status = models.CharField(
        _("in home office"), max_length=8, choices=Tristate.choices, default=Tristate.UNKNOWN
    )
    main_contact = models.ForeignKey(
        "ContactPerson", verbose_name=_("main contact person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    customer_since = models.DateField(_("customer since"), null=True, blank=True)
    anniversary_mmdd = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    # Contact cadence. The last three fields are derived and kept exact in the same transaction
    # by draht.timeline.cadence.sync_contact_state().
    cadence_days = models.PositiveIntegerField(_("contact cadence (days)"))
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    snooze_reason = models.CharField(_("snooze reason"), max_length=200, blank=True)
    last_personal_contact_at = models.DateTimeField(_("last personal contact"), null=True, blank=True, editable=False)
    contact_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_at = models.DateTimeField(_("due"), editable=False)
    # Oldest verification among the check-in facts; null while any fact was never verified.
    facts_verified_at = models.DateTimeField(null=True, blank=True, editable=False)

    is_archived = models.BooleanField(_("archived"), default=False)
    # The name without legal form, titles and word order (draht.privacy.rules.match_name), to find duplicates.
    match_name = models.CharField(max_length=200, blank=True, editable=False)
    # The name as a German phone book sorts it (DIN 5007-2: ä as ae, accents dropped, case ignored): lists are
    # ordered by it on SQLite and PostgreSQL alike, whatever the database's collation.
    sort_name = models.CharField(max_length=200, blank=True, default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["sort_name", "id"], name="customer_sort_name"),
            models.Index(fields=["owner", "due_at", "id"], name="customer_owner_due", condition=Q(is_archived=False)),
            models.Index(fields=["team", "due_at", "id"], name="customer_team_due", condition=Q(is_archived=False)),
            models.Index(fields=["due_at", "id"], name="customer_due", condition=Q(is_archived=False)),
            models.Index(fields=["owner", "contact_due_at"], name="customer_owner_covered"),
            models.Index(fields=["owner", "facts_verified_at"], name="customer_owner_facts"),
            models.Index(fields=["owner", "anniversary_mmdd"], name="customer_owner_anniversary"),
            # Matching on import and finding duplicates.
            models.Index(fields=["external_id"], name="customer_external_id"),
            models.Index(fields=["email"], name="customer_email"),
            models.Index(fields=["phone"], name="customer_phone"),
            models.Index(fields=["match_name"], name="customer_match_name", condition=Q(is_archived=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(cadence_days__gte=1), name="customer_cadence_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        if self.kind == CustomerKind.PERSON:
            return " ".join(p for p in (self.title, self.first_name, self.last_name) if p) or self.name
        return self.name

    @property
    def call_number(self) -> str:
        """The number to dial: the main contact's phone or mobile, else the customer's own."""
        person = self.main_contact
        return (person and (person.phone or person.mobile)) or self.phone

    @property
    def never_contacted(self) -> bool:
        return self.last_personal_contact_at is None

    def overdue_days(self, now: datetime.datetime | None = None) -> int:
        return max(0, ((now or timezone.now()) - self.due_at).days)

    def log_action(self, action: str, *, user=None, data=None, obj=None):
        return log_action(action, obj=obj or self, user=user, customer=self, data=data)


class ContactPerson(models.Model):
    """A person at a customer we talk to."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contact_persons",
        db_index=False,  # contact_customer_name leads with customer_id
    )
    salutation = models.CharField(_("salutation"), max_length=10, choices=Salutation.choices, blank=True)
    title = models.CharField(_("title"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    other_contacts = models.JSONField(_("further e-mail addresses and numbers"), default=list, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True,
                                help_text=_("Year 1604 stands for a birthday without a year (as Apple writes it)."))
    birthday_mmdd = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        indexes = [
            models.Index(fields=["customer", "last_name"], name="contact_customer_name"),
            models.Index(fields=["birthday_mmdd"], name="contact_birthday"),
            # Plain indexes for the import's exact matches: db_index=True would add a second, LIKE-prefix
            # index on PostgreSQL that no query uses and every insert pays for.
            models.Index(fields=["email"], name="contact_email"),
            models.Index(fields=["phone"], name="contact_phone"),
            models.Index(fields=["mobile"], name="contact_mobile"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.mobile) if p]


class FactCheck(models.Model):
    """When a check-in fact of a customer was last confirmed or corrected, and by whom."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="fact_checks"
    )
    fact = models.CharField(_("fact"), max_length=16, choices=Fact.choices)
    verified_at = models.DateTimeField(_("verified"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, on_delete=models.SET_NULL
    )
    corrected = models.BooleanField(_("corrected"), default=False)

    class Meta:
        ordering = ["fact"]
        verbose_name = _("fact check")
        verbose_name_plural = _("fact checks")
        constraints = [models.UniqueConstraint(fields=["customer", "fact"], name="factcheck_unique_fact")]

    def __str__(self):
        return f"{self.customer_id}:{self.fact}"


class SearchEntry(models.Model):
    """Folded search text for one customer or contact person (see draht.customers.search).

    On SQLite, triggers keep the FTS5 index in step with this table. A migration that makes Django rebuild
    the table there (most AlterField operations) drops those triggers: such a migration must reinstall them
    (migration 0002_search_engine shows the statements); the search tests fail otherwise.
    """

    # No foreign key constraints in the database: the index is derived data, Django deletes entries with their
    # customer or contact person, and the constraint checks cost the import a fifth of its time on PostgreSQL
    # (decision 0003).
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    contact_person = models.ForeignKey(ContactPerson, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+", db_constraint=False)
    text = models.TextField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.text[:60]
