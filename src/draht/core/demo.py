"""Demo data: a small business with customers in Germany, Austria, South Tyrol and Switzerland."""

import datetime
import random

import phonenumbers
from django.db import transaction
from django.utils import timezone

from draht.accounts.choices import Role
from draht.accounts.models import Team, User
from draht.cadence.models import CoverageSnapshot
from draht.customers.choices import CustomerKind, Fact, NewsletterStatus, Salutation, Tier, Tristate
from draht.customers.models import ContactPerson, Customer, FactCheck, Tag
from draht.customers.rules import mmdd, sort_key
from draht.customers.search import index_contact, index_customer
from draht.customers.services import sync_facts_verified
from draht.privacy.rules import match_name
from draht.promises.choices import PromiseStatus
from draht.promises.models import Promise
from draht.timeline.cadence import default_cadence_days, sync_contact_state
from draht.timeline.choices import Channel, Direction, Outcome, Source
from draht.timeline.models import Interaction
from draht.timeline.rules import can_be_personal

DEMO_PASSWORD = "draht-demo-2026"
USERS = [
    ("inhaber", "Ingrid", "Huber", Role.OWNER, "Wien", "de"),
    ("leitung", "Markus", "Gruber", Role.MANAGER, "München", "de"),
    ("betreuerin", "Anna", "Schmidt", Role.ACCOUNT_MANAGER, "Wien", "de"),
    ("betreuer", "Lukas", "Egger", Role.ACCOUNT_MANAGER, "München", "en"),  # the one who reads draht in English
    ("service", "Sabine", "Müller", Role.AGENT, "Wien", "de"),
    ("technik", "Thomas", "Pichler", Role.TECHNICIAN, "München", "de"),
    ("kommunikation", "Julia", "Wagner", Role.COMMUNICATIONS, "Wien", "de"),
]
PLACES = [
    ("DE", "DE-BY", "München", "80331", "89"), ("DE", "DE-BY", "Augsburg", "86150", "821"),
    ("DE", "DE-BW", "Stuttgart", "70173", "711"), ("DE", "DE-BE", "Berlin", "10115", "30"),
    ("DE", "DE-HH", "Hamburg", "20095", "40"), ("DE", "DE-NW", "Köln", "50667", "221"),
    ("DE", "DE-SN", "Leipzig", "04109", "341"), ("AT", "AT-9", "Wien", "1010", "1"),
    ("AT", "AT-6", "Graz", "8010", "316"), ("AT", "AT-4", "Linz", "4020", "732"),
    ("AT", "AT-5", "Salzburg", "5020", "662"), ("AT", "AT-7", "Innsbruck", "6020", "512"),
    ("AT", "AT-2", "Klagenfurt", "9020", "463"), ("IT", "IT-BZ", "Bozen", "39100", "0471"),
    ("IT", "IT-BZ", "Meran", "39012", "0473"), ("IT", "IT-BZ", "Brixen", "39042", "0472"),
    ("CH", "CH-ZH", "Zürich", "8001", "44"), ("CH", "CH-BE", "Bern", "3011", "31"),
    ("CH", "CH-FR", "Fribourg", "1700", "26"), ("CH", "CH-BS", "Basel", "4051", "61"),
]
MOBILE = {"DE": ("151", 8), "AT": ("664", 7), "IT": ("347", 7), "CH": ("79", 7)}
FIRST = ["Anna", "Lena", "Maria", "Sophie", "Katharina", "Elisabeth", "Johanna", "Lea", "Sarah", "Magdalena",
         "Thomas", "Michael", "Stefan", "Andreas", "Florian", "Martin", "Jürgen", "Lukas", "Matthias", "Peter",
         "Günther", "Jörg", "Bärbel", "Ursula", "Reto", "Urs", "Verena", "Franziska", "Hannes", "Simon"]
LAST = ["Müller", "Schmidt", "Schmid", "Schmitt", "Huber", "Gruber", "Wagner", "Pichler", "Steiner", "Moser",
        "Mayer", "Hofer", "Bauer", "Egger", "Weber", "Fischer", "Schneider", "Meier", "Keller", "Brunner",
        "Gasser", "Pfeifer", "Oberhofer", "Thaler", "Kofler", "Rainer", "Größer", "Köhler", "Bäcker", "Schütz"]
TRADES = ["IT-Service", "Elektrotechnik", "Steuerberatung", "Gebäudetechnik", "Druckerei", "Tischlerei",
          "Haustechnik", "Software", "Büroservice", "Metallbau", "Reisebüro", "Apotheke", "Zahnarztpraxis",
          "Architekten", "Hotel", "Weingut", "Bäckerei", "Autohaus", "Kanzlei", "Sanitär"]
FORMS = {"DE": ["GmbH", "GmbH & Co. KG", "e.K.", "AG"], "AT": ["GmbH", "GesmbH", "KG", "e.U."],
         "IT": ["GmbH", "KG", "OHG"], "CH": ["AG", "GmbH", "Sàrl"]}
TITLES = ["", "", "", "", "Dr.", "Mag.", "DI", "Ing.", "Prof."]
CHANNEL_WEIGHTS = [
    (Channel.PHONE, 30), (Channel.EMAIL, 25), (Channel.ONSITE_MEETING, 6), (Channel.VIRTUAL_MEETING, 6),
    (Channel.NEWSLETTER, 8), (Channel.MAILING, 3), (Channel.CHAT, 5), (Channel.VIDEO, 2), (Channel.LETTER, 2),
    (Channel.SOCIAL, 2), (Channel.REVIEW, 1), (Channel.WEBFORM, 2), (Channel.TICKET, 4), (Channel.COBROWSING, 1),
    (Channel.NOTE, 3),
]
SUBJECTS = {
    Channel.PHONE: ["Kurzer Check-in", "Rückruf wegen Angebot", "Wie geht es Ihnen?", "Terminabstimmung"],
    Channel.EMAIL: ["Angebot Wartungsvertrag", "Ihre Anfrage", "Unterlagen zum Termin", "Rechnung März"],
    Channel.ONSITE_MEETING: ["Besuch vor Ort", "Jahresgespräch"], Channel.VIRTUAL_MEETING: ["Videotermin Projekt"],
    Channel.NEWSLETTER: ["Newsletter: Neues im Quartal"], Channel.MAILING: ["Einladung Hausmesse"],
}


def _phone(rng, country, prefix, digits, area=None, used=None):
    for _ in range(50):
        if area:
            local = "".join(rng.choice("123456789") for _ in range(6 if len(area) > 2 else 7))
            code = phonenumbers.country_code_for_region(country)
            raw = f"+{code}{area.lstrip('0') if country != 'IT' else area}{local}"
        else:
            raw = f"+{phonenumbers.country_code_for_region(country)}{prefix}" + "".join(
                rng.choice("0123456789") for _ in range(digits))
        number = phonenumbers.parse(raw)
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if used is None or e164 not in used:
                if used is not None:
                    used.add(e164)
                return e164
    return ""


def _email(first, last, domain):
    import unicodedata

    def plain(s):
        s = s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
        return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isalnum())

    return f"{plain(first)}.{plain(last)}@{domain}"


def demo_exists() -> bool:
    return User.objects.filter(username="inhaber").exists()


@transaction.atomic
def create_demo(customers: int = 320, seed: int = 7) -> dict:
    rng = random.Random(seed)
    now = timezone.now()
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in ("Wien", "München")}
    users = []
    for username, first, last, role, team, lang in USERS:
        user = User.objects.create_user(username, email=f"{username}@draht.example", password=DEMO_PASSWORD,
                                        first_name=first, last_name=last, role=role, team=teams[team],
                                        language=lang, is_staff=role == Role.OWNER)
        users.append(user)
    owners = [u for u in users if u.role in (Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER)]
    tags = [Tag.objects.get_or_create(name=n)[0] for n in ("Stammkunde", "Partner", "Interessent", "Wartung")]

    created, used_names, used_numbers = [], set(), set()
    planted = 2 if customers >= 10 else 0
    for i in range(customers - planted):
        country, region, city, plz, area = PLACES[i % len(PLACES)] if i < 40 else rng.choice(PLACES)
        owner = rng.choice(owners)
        is_person = rng.random() < 0.15
        first, last = rng.choice(FIRST), rng.choice(LAST)
        while True:  # no accidental twins: a name alike in one town is for the planted duplicates only
            if is_person:
                name = f"{last} {first}"
            else:
                name = f"{rng.choice(LAST)} {rng.choice(TRADES)} {rng.choice(FORMS[country])}"
            if (match_name(name), city) not in used_names:
                used_names.add((match_name(name), city))
                break
            first, last = rng.choice(FIRST), rng.choice(LAST)
        word = name.split()[0].lower()
        for umlaut, plain in (("ü", "ue"), ("ö", "oe"), ("ä", "ae"), ("ß", "ss")):
            word = word.replace(umlaut, plain)
        domain = f"{word}{i}.example"
        tier = rng.choices([Tier.A, Tier.B, Tier.C], [15, 35, 50])[0]
        since = (now - datetime.timedelta(days=rng.randint(30, 4000))).date()
        customer = Customer(
            kind=CustomerKind.PERSON if is_person else CustomerKind.ORGANISATION, name=name,
            first_name=first if is_person else "", last_name=last if is_person else "",
            salutation=rng.choice([Salutation.MR, Salutation.MS]) if is_person else "",
            title=rng.choice(TITLES) if is_person else "",
            owner=owner, team=owner.team, tier=tier, language="de", email=f"office@{domain}",
            phone=_phone(rng, country, None, 0, area, used_numbers),
            street=f"{rng.choice(['Haupt', 'Bahnhof', 'Kirch', 'Lindau', 'Markt'])}straße {rng.randint(1, 120)}",
            postal_code=plz, city=city, country=country, subdivision=region,
            newsletter_status=rng.choice(NewsletterStatus.values), home_office_status=rng.choice(Tristate.values),
            customer_since=since, anniversary_mmdd=mmdd(since), cadence_days=default_cadence_days(tier),
            created_at=now - datetime.timedelta(days=rng.randint(0, 800)), due_at=now, match_name=match_name(name),
            sort_name=sort_key(name),
        )
        customer.save()
        customer.tags.set(rng.sample(tags, rng.randint(0, 2)))
        people = []
        names_here = set()
        for j in range(0 if is_person else rng.randint(1, 4)):
            pf, pl = rng.choice(FIRST), rng.choice(LAST)
            while (pf, pl) in names_here:
                pf, pl = rng.choice(FIRST), rng.choice(LAST)
            names_here.add((pf, pl))
            birthday = datetime.date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28)) \
                if rng.random() < 0.5 else None
            if i < 6 and j == 0:  # a few birthdays this week, so the due list shows occasions
                soon = timezone.localdate() + datetime.timedelta(days=i)
                birthday = datetime.date(1970 + i, soon.month, min(soon.day, 28))
            person = ContactPerson.objects.create(
                customer=customer, salutation=rng.choice([Salutation.MR, Salutation.MS]), title=rng.choice(TITLES),
                first_name=pf, last_name=pl, position=rng.choice(["Geschäftsführung", "Einkauf", "IT", "Office", ""]),
                email=_email(pf, pl, domain), phone=_phone(rng, country, None, 0, area, used_numbers),
                mobile=_phone(rng, country, *MOBILE[country], used=used_numbers), birthday=birthday,
                birthday_mmdd=mmdd(birthday),
            )
            people.append(person)
            index_contact(person)
        if people:
            customer.main_contact = people[0]
            customer.save(update_fields=["main_contact"])
        index_customer(customer)
        created.append((customer, people))

    if planted:
        created += _planted_duplicates(created)

    interactions = []
    for customer, _people in created:
        if rng.random() < 0.08:
            continue  # never contacted
        count = rng.randint(3, 30)
        for _ in range(count):
            channel = rng.choices([c for c, _ in CHANNEL_WEIGHTS], [w for _, w in CHANNEL_WEIGHTS])[0]
            outcome = ""
            if channel == Channel.PHONE:
                outcome = rng.choices([Outcome.REACHED, Outcome.NOT_REACHED, Outcome.VOICEMAIL], [65, 25, 10])[0]
            automated = channel in (Channel.NEWSLETTER, Channel.MAILING)
            direction = rng.choice([Direction.INBOUND, Direction.OUTBOUND])
            if channel == Channel.NOTE:
                direction = Direction.INTERNAL
            elif channel in (Channel.NEWSLETTER, Channel.MAILING):
                direction = Direction.OUTBOUND
            elif channel in (Channel.REVIEW, Channel.WEBFORM):
                direction = Direction.INBOUND
            when = now - datetime.timedelta(minutes=rng.randint(60, 730 * 24 * 60))
            interactions.append(Interaction(
                customer=customer, channel=channel, direction=direction, outcome=outcome, is_automated=automated,
                is_personal=can_be_personal(channel, outcome, automated) and channel != Channel.CHAT
                or (channel == Channel.CHAT and rng.random() < 0.5),
                occurred_at=when, duration_seconds=rng.randint(60, 1800) if channel in (
                    Channel.PHONE, Channel.VIDEO, Channel.VIRTUAL_MEETING, Channel.ONSITE_MEETING) else None,
                subject=rng.choice(SUBJECTS.get(channel, ["Nachricht"])),
                body="Kunde zufrieden, Folgetermin vereinbart." if rng.random() < 0.3 else "",
                source=Source.MANUAL, created_by=customer.owner,
            ))
    Interaction.objects.bulk_create(interactions, batch_size=1000)
    through = Interaction.contact_persons.through
    people_by_customer = {c.pk: p for c, p in created}
    links = [through(interaction_id=i.pk, contactperson_id=rng.choice(people_by_customer[i.customer_id]).pk)
             for i in interactions if people_by_customer[i.customer_id] and i.pk]
    through.objects.bulk_create(links, batch_size=1000)
    for customer, _ in created:
        sync_contact_state(customer.pk)
        if rng.random() < 0.4:
            for fact in Fact.values:
                FactCheck.objects.create(customer=customer, fact=fact, verified_by=customer.owner,
                                         verified_at=now - datetime.timedelta(days=rng.randint(1, 500)))
            sync_facts_verified(customer.pk)
    _backfill_coverage(created, interactions, now)
    messages = _demo_messages(rng, created, now)
    promises = _demo_promises(rng, created, interactions)
    meetings = _demo_meetings(created, users)
    from draht.booking.models import BookingPage

    for user in users:  # every account manager's public booking page, e.g. /book/betreuer/
        if user.role == Role.ACCOUNT_MANAGER:
            BookingPage.objects.create(owner=user, slug=user.username, title=f"Termin mit {user.get_full_name()}",
                                       video_url="https://meet.example/draht-demo", time_zone=user.timezone,
                                       holiday_region="AT-9" if user.team.name == "Wien" else "DE-BY")
    vienna = next(u.team for u in users if u.team and u.team.name == "Wien")  # whoever of the team is free
    BookingPage.objects.create(team=vienna, slug="team-wien", title="Termin mit dem Team Wien", holiday_region="AT-9",
                               video_url="https://meet.example/draht-demo")
    tickets = _demo_tickets(created, users)
    return {"users": len(users), "customers": len(created), "interactions": len(interactions), "messages": messages,
            "promises": promises, "meetings": meetings, "tickets": tickets}


def _demo_tickets(created, users) -> int:
    """Open tickets of every kind for the agent `service`, one of them close to its target."""
    from draht.service.models import GoodwillRule, Ticket
    from draht.service.services import open_ticket

    GoodwillRule.objects.bulk_create([
        GoodwillRule(position=1, name="Kleinbeträge", max_amount=50, decision="grant"),
        GoodwillRule(position=2, name="Reklamation innerhalb der Gewährleistung", ticket_kind="complaint",
                     max_amount=500, max_age_days=730, decision="approval"),
        GoodwillRule(position=3, name="Sonst ablehnen", decision="decline",
                     template="Leider können wir Ihnen in diesem Fall nicht entgegenkommen."),
    ])
    agent = next(u for u in users if u.username == "service")
    from draht.service.models import AssignmentRule

    AssignmentRule.objects.bulk_create([
        AssignmentRule(position=1, name="Österreich: Service-Team Wien", country="AT", target="team",
                       team=agent.team),
        AssignmentRule(position=2, name="Reklamationen: Kundenbetreuung", ticket_kind="complaint", target="owner"),
    ])
    subjects = [("complaint", "high", "Rechnung doppelt abgebucht"), ("incident", "urgent", "Drucker druckt nicht"),
                ("inquiry", "normal", "Frage zum Wartungsvertrag"), ("request", "low", "Zusätzlicher Zugang")]
    firms = [c for c, people in created if people][:len(subjects)]
    for (kind, priority, subject), customer in zip(subjects, firms, strict=False):
        ticket = open_ticket(customer, user=agent, subject=subject, kind=kind, priority=priority, owner=agent,
                             channel="email", description="Bitte um Rückmeldung.")
        # one close to its target (the work list marks it, the owner is warned); the others with time to spare
        soon = datetime.timedelta(minutes=45) if kind == "incident" else datetime.timedelta(days=7)
        Ticket.objects.filter(pk=ticket.pk).update(first_response_due=timezone.now() + soon,
                                                   resolution_due=timezone.now() + soon + datetime.timedelta(days=2))
    from draht.service.models import ChecklistItem, Qualification
    from draht.service.services import dispatch, note_remote_attempt

    ChecklistItem.objects.bulk_create([
        ChecklistItem(position=1, text="Arbeitsbereich vorher desinfiziert und gelüftet"),
        ChecklistItem(position=2, text="Kontakt mit Mitarbeitenden auf das Nötigste beschränkt"),
        ChecklistItem(position=3, text="Zugang zum Gerät frei")])
    technician = next(u for u in users if u.username == "technik")
    Qualification.objects.create(user=technician, name="Elektrofachkraft")
    incident = Ticket.objects.filter(owner=agent, kind="incident").first()
    if incident is None:  # a very small demo
        return len(subjects)
    note_remote_attempt(incident, user=agent, why="Fernwartung versucht: Netzteil defekt, Tausch vor Ort nötig.")
    start = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    dispatch(incident, user=agent, technician=technician, window_start=start,
             window_end=start + datetime.timedelta(hours=2))
    return len(subjects)


def _demo_meetings(created, users) -> int:
    """For the account managers: a meeting held three weeks ago with open action items, and two planned ones (a
    video call the day after tomorrow, a monthly visit next week) whose recap carries those items forward."""
    from draht.meetings.services import Attendees, hold_meeting, plan_meeting

    count = 0
    today = timezone.localdate()
    for manager in [u for u in users if u.role == Role.ACCOUNT_MANAGER]:
        mine = [(c, people) for c, people in created if c.owner_id == manager.pk and people][:2]
        for n, (customer, people) in enumerate(mine):
            tz = timezone.get_current_timezone()
            start = datetime.datetime.combine(today - datetime.timedelta(days=21), datetime.time(10, 0), tz)
            held = plan_meeting(customer, user=manager, attendees=Attendees(contacts=people[:2]), invite=False,
                                title="Jahresgespräch", kind="onsite", starts_at=start,
                                ends_at=start + datetime.timedelta(minutes=30), time_zone=str(tz),
                                topics=["Zufriedenheit", "Wartungsvertrag"])
            hold_meeting(held, user=manager, summary="Zufrieden mit dem Service; Wartungsvertrag soll erweitert "
                         "werden.", decisions="Angebot für den erweiterten Vertrag",
                         action_items=[("Angebot erweiterter Wartungsvertrag", manager,
                                        today + datetime.timedelta(days=3)),
                                       ("Ansprechpartner IT klären", manager, today - datetime.timedelta(days=2))],
                         ask_feedback=False)
            soon = datetime.datetime.combine(today + datetime.timedelta(days=2 + 7 * n), datetime.time(9, 30), tz)
            plan_meeting(customer, user=manager, attendees=Attendees(contacts=people[:1]), invite=False,
                         title="Angebot besprechen", kind="virtual" if n == 0 else "onsite", starts_at=soon,
                         ends_at=soon + datetime.timedelta(minutes=30), time_zone=str(tz),
                         video_url="https://meet.example/draht-demo" if n == 0 else "",
                         rrule="" if n == 0 else "FREQ=MONTHLY", topics=["Angebot", "Termine im Frühjahr"])
            count += 2
    return count


def _planted_duplicates(created) -> list:
    """The demo's real duplicates, for the duplicates page: a firm entered twice with its legal form spelled
    another way at the same postcode, a firm's second record under a short name with the same e-mail and phone,
    and a contact person typed in twice at one customer (Jürgen and Juergen)."""
    firms = [(c, people) for c, people in created if c.kind == CustomerKind.ORGANISATION and people]
    twins = []
    for (original, _people), rename in zip(firms[:2], (_other_spelling, _short_name), strict=True):
        twin = Customer.objects.get(pk=original.pk)
        twin.pk = twin.id = None
        twin.main_contact = None
        twin.name = rename(original.name)
        if rename is _other_spelling:
            twin.email, twin.phone = "", ""
        twin.match_name, twin.sort_name = match_name(twin.name), sort_key(twin.name)
        twin.save()
        index_customer(twin)
        twins.append((twin, []))
    customer, people = firms[2]
    person = people[0]
    index_contact(ContactPerson.objects.create(
        customer=customer, salutation=person.salutation, first_name=_without_umlauts(person.first_name),
        last_name=person.last_name, position=person.position))
    return twins


def _without_umlauts(text: str) -> str:
    return text.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")


def _other_spelling(name: str) -> str:
    for form, other in (("GmbH & Co. KG", "GmbH u. Co KG"), ("GesmbH", "Ges.m.b.H."), ("GmbH", "Ges.m.b.H."),
                        ("e.K.", "e. K."), ("e.U.", "e. U."), ("AG", "A.G."), ("KG", "K.G."), ("OHG", "oHG"),
                        ("Sàrl", "S.à r.l.")):
        if name.endswith(form):
            return _without_umlauts(name[: -len(form)]) + other
    return name + " GmbH"


def _short_name(name: str) -> str:
    return " ".join(name.split()[:2])


PROMISES = ["Angebot für die neuen Drucker schicken", "Rückruf wegen Wartungsvertrag", "Ersatzteil bestellen",
            "Schulungstermin vorschlagen", "Rechnung korrigieren", "Vor-Ort-Termin bestätigen"]


def _demo_promises(rng, created, interactions) -> int:
    """Promises around today: some kept, one broken, several open (close, later, overdue)."""
    today = timezone.localdate()
    calls = {i.customer_id: i for i in interactions if i.channel == Channel.PHONE and i.pk}
    promises = []
    for n, (customer, _people) in enumerate(created[:24]):
        due_on = today + datetime.timedelta(days=rng.randint(-10, 20))
        status, resolved_on = PromiseStatus.OPEN, None
        if due_on < today and n % 3:
            status = PromiseStatus.KEPT if n % 5 else PromiseStatus.BROKEN
            resolved_on = due_on - datetime.timedelta(days=rng.randint(-2, 3))
        promises.append(Promise(customer=customer, interaction=calls.get(customer.pk), what=rng.choice(PROMISES),
                                owner=customer.owner, due_on=due_on, status=status, resolved_on=resolved_on,
                                resolved_by=customer.owner if resolved_on else None, created_by=customer.owner,
                                reminded_at=timezone.now() if due_on <= today else None))
    Promise.objects.bulk_create(promises)
    return len(promises)


def _demo_messages(rng, created, now) -> int:
    """E-mail threads with contact persons, a few senders nobody knows yet, a web-form enquiry: stored through
    the same path as polled mail, so the inbox, threads and unassigned list have something to show."""
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime

    from draht.inbox.services import store_email, store_inbound

    stored = 0
    with_email = [(c, p) for c, people in created for p in people if p.email][:12]
    for n, (customer, person) in enumerate(with_email):
        parent = None
        when = now - datetime.timedelta(days=rng.randint(2, 60))
        for step, text in enumerate(["Könnten Sie uns ein Angebot für die Wartung schicken?",
                                     "Danke für das Angebot. Passt der Termin am Donnerstag?",
                                     "Perfekt, bis Donnerstag!"][: rng.randint(1, 3)]):
            message = EmailMessage(policy=policy.default)
            message["From"] = f"{person.full_name} <{person.email}>"
            message["To"] = customer.owner.email or "office@draht.example"
            message["Subject"] = ("AW: " if step else "") + "Wartungsvertrag"
            message["Date"] = format_datetime(when + datetime.timedelta(hours=5 * step))
            message["Message-ID"] = f"<demo-{n}-{step}@draht.example>"
            if parent:
                message["In-Reply-To"] = message["References"] = parent
            message.set_content(f"Guten Tag,\n\n{text}\n\nFreundliche Grüße\n{person.full_name}")
            store_email(message.as_bytes(), source="upload")
            parent, stored = message["Message-ID"], stored + 1
    for n, (name, address) in enumerate([("Lea Neumann", "lea.neumann@beispiel.example"),
                                         ("Jonas Bergmann", "jb@mail.example")]):
        message = EmailMessage(policy=policy.default)
        message["From"], message["To"] = f"{name} <{address}>", "office@draht.example"
        message["Subject"], message["Message-ID"] = "Anfrage Angebot", f"<demo-new-{n}@draht.example>"
        message["Date"] = format_datetime(now - datetime.timedelta(hours=3 + n))
        message.set_content("Guten Tag, wir interessieren uns für Ihre Leistungen. Bitte rufen Sie uns an.")
        store_email(message.as_bytes(), source="upload")
        stored += 1
    store_inbound({"id": "demo-webform-1", "channel": "webform", "direction": "in", "thread": "",
                   "sender": {"name": "Paul Wimmer", "email": "paul.wimmer@web.example", "phone": "", "handle": ""},
                   "subject": "Kontaktformular", "text": "Bitte um Rückruf wegen eines Angebots.", "link": "",
                   "at": now - datetime.timedelta(hours=1)})
    return stored + 1


def _backfill_coverage(created, interactions, now):
    """Weekly coverage for the past two years, computed from the demo interactions."""
    personal = {}
    for i in interactions:
        if i.is_personal:
            personal.setdefault(i.customer_id, []).append(i.occurred_at)
    rows = []
    for week in range(104, 0, -1):
        at = now - datetime.timedelta(weeks=week)
        totals = {}
        for customer, _ in created:
            if customer.created_at > at:
                continue
            last = max((t for t in personal.get(customer.pk, []) if t <= at), default=None)
            covered = last is not None and last + datetime.timedelta(days=customer.cadence_days) > at
            for key in (("all", None, None), ("owner", customer.owner_id, None), ("team", None, customer.team_id)):
                t, c = totals.get(key, (0, 0))
                totals[key] = (t + 1, c + int(covered))
        rows += [CoverageSnapshot(day=at.date(), scope=s, owner_id=o, team_id=tm, total=t, covered=c)
                 for (s, o, tm), (t, c) in totals.items()]
    CoverageSnapshot.objects.bulk_create(rows, batch_size=1000)
