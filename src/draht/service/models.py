import decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from draht.timeline.choices import Channel

from .choices import Availability, Priority, TicketKind, TicketStatus


class Ticket(models.Model):
    """A customer's inquiry, incident, complaint or request (PRODUCT.md §4). It has exactly one owner at every
    moment: the column is NOT NULL, and every change of owner is a Handover row written in the same
    transaction (seed 003: "Klare Zuständigkeiten bei Reklamationen")."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="tickets", db_index=False)  # ticket_customer leads with it
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="tickets")
    kind = models.CharField(_("kind"), max_length=10, choices=TicketKind.choices, default=TicketKind.INQUIRY)
    channel = models.CharField(_("came in by"), max_length=20, choices=Channel.choices, default=Channel.PHONE)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.NEW)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="tickets", db_index=False)  # ticket_owner_open leads with it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True, editable=False)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True, editable=False)
    first_response_due = models.DateTimeField(_("answer due"), editable=False)
    resolution_due = models.DateTimeField(_("solution due"), editable=False)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True, editable=False)
    pauses = models.JSONField(_("pauses"), default=list, editable=False)  # [[start, end], …] while waiting
    breach_warned_at = models.DateTimeField(_("owner warned"), null=True, blank=True, editable=False)
    # Remote first (seed 001): an on-site visit only after someone wrote down why remote help is not enough.
    remote_not_enough = models.TextField(_("why remote help is not enough"), blank=True, editable=False)
    remote_noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("noted by"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The conversation: answers written from the ticket and the customer's replies share this thread.
    thread = models.ForeignKey("timeline.Thread", verbose_name=_("conversation"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="tickets", editable=False)

    class Meta:
        ordering = ["resolution_due", "id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["owner", "resolution_due", "id"], name="ticket_owner_open",
                         condition=Q(status__in=["new", "open", "waiting"])),
            models.Index(fields=["resolution_due", "id"], name="ticket_open",
                         condition=Q(status__in=["new", "open", "waiting"])),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer"),
            # the breach check: tickets not answered yet, by answer deadline, not warned yet
            models.Index(fields=["first_response_due", "id"], name="ticket_unanswered",
                         condition=Q(status__in=["new", "open"], first_response_at__isnull=True,
                                     breach_warned_at__isnull=True)),
            models.Index(fields=["resolution_due", "id"], name="ticket_unwarned",
                         condition=Q(status__in=["new", "open"], breach_warned_at__isnull=True)),
        ]

    def __str__(self):
        return self.subject


class Handover(models.Model):
    """Who gave the ticket to whom, when and why: the owner's history."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("from"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.PROTECT,
                                related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    reason = models.CharField(_("why"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self):
        return self.reason


class TicketCall(models.Model):
    """A call of the telephone system that opened a ticket or joined it: the ticket's phone conversation. A call
    belongs to one ticket at most."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="calls")
    call = models.OneToOneField("telephony.Call", verbose_name=_("call"), on_delete=models.CASCADE,
                                related_name="ticket_link")
    joined_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    joined_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("call of a ticket")
        verbose_name_plural = _("calls of tickets")

    def __str__(self):
        return str(self.call)


class AgentStatus(models.Model):
    """Where an agent works now; nobody away gets a ticket assigned (no row: in the office)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="agent_status")
    availability = models.CharField(_("availability"), max_length=10, choices=Availability.choices,
                                    default=Availability.OFFICE)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")

    def __str__(self):
        return self.get_availability_display()


class Feedback(models.Model):
    """A customer's rating after a solved ticket or a held meeting, asked once by a signed, expiring link (no
    login). One link answers once; a low score opens a follow-up for the customer's owner."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="feedback")
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="feedback")
    meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="feedback")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated person"), null=True,
                              on_delete=models.SET_NULL, related_name="feedback_received")
    email = models.EmailField(_("asked"))
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("recommendation (0–10)"), null=True, blank=True)
    text = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5),
                                   name="feedback_csat_1_to_5"),
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__gte=0, nps__lte=10),
                                   name="feedback_nps_0_to_10"),
        ]
        indexes = [models.Index(fields=["agent", "-asked_at"], name="feedback_agent")]

    def __str__(self):
        return f"{self.csat or '–'}/5"


class AssignmentRule(models.Model):
    """Who gets a new ticket (PRODUCT.md §4: assignment by type, region, customer owner): the first line that
    fits the ticket's kind and the customer's country and region names the owner: the customer's account
    manager, an agent of a team (the one with the fewest open tickets) or one person. A line whose people are
    all away is passed over; when no line gives somebody, complaints go to the account manager and the rest
    round-robin to every available agent."""

    OWNER, TEAM, PERSON = "owner", "team", "person"
    TARGETS = [(OWNER, _("the customer's account manager")), (TEAM, _("an agent of the team")),
               (PERSON, _("this person"))]

    position = models.PositiveSmallIntegerField(_("position"), default=10)
    name = models.CharField(_("name"), max_length=100)
    ticket_kind = models.CharField(_("ticket kind"), max_length=10, choices=TicketKind.choices, blank=True)
    country = models.CharField(_("customer's country"), max_length=2, blank=True,
                               help_text=_("ISO 3166-1 alpha-2, e.g. AT; empty: any"))
    subdivision = models.CharField(_("customer's region"), max_length=6, blank=True,
                                   help_text=_("ISO 3166-2, e.g. DE-BY; empty: any"))
    target = models.CharField(_("goes to"), max_length=10, choices=TARGETS)
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        constraints = [
            models.CheckConstraint(condition=Q(target="team", team__isnull=False) | ~Q(target="team"),
                                   name="assignment_team_named"),
            models.CheckConstraint(condition=Q(target="person", person__isnull=False) | ~Q(target="person"),
                                   name="assignment_person_named"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        self.country, self.subdivision = self.country.strip().upper(), self.subdivision.strip().upper()
        if self.target == self.TEAM and self.team_id is None:
            raise ValidationError({"team": _("Choose the team.")})
        if self.target == self.PERSON and self.person_id is None:
            raise ValidationError({"person": _("Choose the person.")})
        import pycountry

        if self.country and pycountry.countries.get(alpha_2=self.country) is None:
            raise ValidationError({"country": _("Choose a country from the list.")})
        region = pycountry.subdivisions.get(code=self.subdivision) if self.subdivision else None
        if self.subdivision and region is None:
            raise ValidationError({"subdivision": _("Choose a region from the list.")})
        if region is not None and self.country and region.country_code != self.country:
            raise ValidationError({"subdivision": _("The region must lie in the country.")})


class GoodwillRule(models.Model):
    """One line of the goodwill policy (Kulanzordnung): for a ticket kind and customer tier (blank: any), up to an
    amount and a purchase age, grant, ask a manager, or decline with a reply template. The first matching line
    (by position) decides."""

    GRANT, APPROVAL, DECLINE = "grant", "approval", "decline"
    DECISIONS = [(GRANT, _("grant")), (APPROVAL, _("a manager decides")), (DECLINE, _("decline"))]

    position = models.PositiveSmallIntegerField(_("position"), default=10)
    name = models.CharField(_("name"), max_length=100)
    ticket_kind = models.CharField(_("ticket kind"), max_length=10, choices=TicketKind.choices, blank=True)
    tier = models.CharField(_("customer tier"), max_length=1, choices=[("A", "A"), ("B", "B"), ("C", "C")],
                            blank=True)
    max_amount = models.DecimalField(_("up to (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    max_age_days = models.PositiveIntegerField(_("purchase at most this many days ago"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=DECISIONS)
    template = models.TextField(_("reply template"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goodwill rule")
        verbose_name_plural = _("goodwill rules")

    def __str__(self):
        return self.name


class GoodwillRequest(models.Model):
    """A goodwill gesture asked for on a ticket, and what was decided: amount, the rule that decided, who approved.
    Nobody approves their own request."""

    GRANTED, PENDING, DECLINED, APPROVED, REJECTED = "granted", "pending", "declined", "approved", "rejected"
    STATES = [(GRANTED, _("granted by rule")), (PENDING, _("waiting for a manager")), (DECLINED, _("declined by rule")),
              (APPROVED, _("approved")), (REJECTED, _("rejected"))]

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="goodwill")
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2,
                                 validators=[])
    purchase_date = models.DateField(_("purchased on"))
    rule = models.ForeignKey(GoodwillRule, verbose_name=_("decided by rule"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    rule_name = models.CharField(_("rule"), max_length=100, blank=True)  # kept if the rule is changed later
    state = models.CharField(_("decision"), max_length=10, choices=STATES)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                     related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("goodwill request")
        verbose_name_plural = _("goodwill requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=decimal.Decimal("0")), name="goodwill_amount_positive"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                                   name="goodwill_not_self_approved"),
        ]

    def __str__(self):
        return f"{self.amount} EUR"


class ChecklistItem(models.Model):
    """One point of the pre-visit checklist the customer confirms (seed 001: area disinfected and ventilated
    beforehand, contact with staff kept to a minimum); the company edits the list."""

    position = models.PositiveSmallIntegerField(_("position"), default=10)
    text = models.CharField(_("point"), max_length=300)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("checklist point")
        verbose_name_plural = _("checklist points")

    def __str__(self):
        return self.text


class Qualification(models.Model):
    """A technician's qualification or health record with its expiry. Health records are kept to a name and a
    date (data minimisation) and shown to owners and the technician only."""

    QUALIFICATION, HEALTH = "qualification", "health"
    KINDS = [(QUALIFICATION, _("qualification")), (HEALTH, _("health record"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("technician"), on_delete=models.CASCADE,
                             related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=15, choices=KINDS, default=QUALIFICATION)
    name = models.CharField(_("name"), max_length=100)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["user", "name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="qualification_once_per_user")]

    def __str__(self):
        return self.name


class Requirement(models.Model):
    """What a destination country or a customer requires of the technician who comes."""

    name = models.CharField(_("required"), max_length=100)
    country = models.CharField(_("for visits in"), max_length=2, blank=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("for the customer"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="requirements")

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [models.CheckConstraint(condition=~Q(country="") | Q(customer__isnull=False),
                                              name="requirement_has_a_scope")]

    def __str__(self):
        return self.name


class Dispatch(models.Model):
    """An on-site visit for a ticket: technician, site, time window, the checklist the customer confirms by a
    signed link, and the completion report with the customer's signature."""

    PLANNED, COMPLETED, CANCELLED = "planned", "completed", "cancelled"
    STATES = [(PLANNED, _("planned")), (COMPLETED, _("completed")), (CANCELLED, _("cancelled"))]

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="dispatches")
    technician = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("technician"), on_delete=models.PROTECT,
                                   related_name="dispatches")
    site = models.CharField(_("site"), max_length=300)
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("until"))
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=PLANNED)
    checklist = models.JSONField(_("checklist"), default=list, editable=False)  # the points as sent
    checklist_confirmed_at = models.DateTimeField(_("checklist confirmed"), null=True, blank=True, editable=False)
    work_done = models.TextField(_("work done"), blank=True)
    minutes = models.PositiveIntegerField(_("time (minutes)"), null=True, blank=True)
    parts = models.TextField(_("parts"), blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signature = models.TextField(_("signature"), blank=True, editable=False)  # SVG path of the drawn signature
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("dispatched"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["window_start", "id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [models.Index(fields=["technician", "window_start", "id"], name="dispatch_technician",
                                condition=Q(state="planned"))]
        constraints = [models.CheckConstraint(condition=Q(window_end__gt=models.F("window_start")),
                                              name="dispatch_window_ends_after_start")]

    def __str__(self):
        return self.site
