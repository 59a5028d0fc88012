"""Who is due for a call today, and which occasions (birthdays, anniversaries) give a reason to call."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from draht.accounts import permissions
from draht.customers.models import ContactPerson, Customer
from draht.customers.rules import NO_YEAR


def end_of_today():
    """Due 'today or in the past' means before the start of tomorrow in the user's time zone."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=timezone.get_current_timezone())


def due_customers(user, scope: str):
    qs = Customer.objects.filter(is_archived=False, due_at__lt=end_of_today())
    if scope == "mine":
        qs = qs.filter(owner=user)
    elif scope == "team":
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.filter(owner=user)
    qs = permissions.visible_customers(user, qs)
    if scope == "mine":  # the rows name the owner only on the team's and everyone's list
        return qs.select_related("main_contact").only(*DUE_ROW_FIELDS)
    return qs.select_related("owner", "main_contact").only(*DUE_ROW_FIELDS, *DUE_ROW_OWNER_FIELDS)


# What a due-list row shows; loading only these keeps a page of rows cheap to build.
DUE_ROW_FIELDS = [
    "id", "name", "city", "phone", "due_at", "last_personal_contact_at", "owner_id", "main_contact_id",
    "main_contact__title", "main_contact__first_name", "main_contact__last_name", "main_contact__phone",
    "main_contact__mobile",
]
DUE_ROW_OWNER_FIELDS = ["owner__first_name", "owner__last_name", "owner__username"]


def mmdd_window(start: datetime.date, days: int) -> list[tuple[int, int]]:
    """Month-day ranges (inclusive) covering `days` days from `start`, split at the turn of the year."""
    end = start + datetime.timedelta(days=days)
    a, b = start.month * 100 + start.day, end.month * 100 + end.day
    return [(a, b)] if a <= b else [(a, 1231), (101, b)]


@dataclass
class Occasion:
    date: datetime.date
    kind: str  # "birthday" or "anniversary"
    customer: Customer
    person: ContactPerson | None
    years: int | None


def _next_date(month: int, day: int, today: datetime.date) -> datetime.date:
    for year in (today.year, today.year + 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:  # 29 February in a common year
            candidate = datetime.date(year, 3, 1)
        if candidate >= today:
            return candidate
    return today


def occasions(user, scope: str, today: datetime.date | None = None) -> list[Occasion]:
    today = today or timezone.localdate()
    windows = mmdd_window(today, settings.DRAHT_OCCASION_DAYS_AHEAD)
    in_window = Q()
    for a, b in windows:
        in_window |= Q(birthday_mmdd__gte=a, birthday_mmdd__lte=b)
    customers = Customer.objects.filter(is_archived=False)
    if scope == "mine":
        customers = customers.filter(owner=user)
    elif scope == "team":
        customers = customers.filter(team_id=user.team_id) if user.team_id else customers.filter(owner=user)
    customers = permissions.visible_customers(user, customers)
    result = []
    people = (ContactPerson.objects.filter(in_window, is_active=True, customer__in=customers)
              .select_related("customer").only("first_name", "last_name", "title", "birthday", "customer__name"))
    for p in people[:100]:
        date = _next_date(p.birthday.month, p.birthday.day, today)
        years = None if p.birthday.year == NO_YEAR else date.year - p.birthday.year
        result.append(Occasion(date, "birthday", p.customer, p, years))
    anniversary = Q()
    for a, b in windows:
        anniversary |= Q(anniversary_mmdd__gte=a, anniversary_mmdd__lte=b)
    for c in customers.filter(anniversary).only("name", "customer_since")[:100]:
        date = _next_date(c.customer_since.month, c.customer_since.day, today)
        years = date.year - c.customer_since.year
        if years > 0:
            result.append(Occasion(date, "anniversary", c, None, years))
    return sorted(result, key=lambda o: (o.date, o.customer.name))


OCCASIONS_CACHE_SECONDS = 600


def cached_occasions(user, scope: str, shown: int) -> tuple[list[Occasion], int]:
    """The nearest `shown` occasions and how many more there are. Occasions change at most daily; a
    ten-minute cache per user keeps the lookup (~0.3 s for an owner of 5,000 customers) off page loads."""
    from django.core.cache import cache
    from django.utils import translation

    key = f"draht:occasions:{user.pk}:{scope}:{shown}:{timezone.localdate()}:{translation.get_language()}"
    result = cache.get(key)
    if result is None:
        found = occasions(user, scope)
        result = (found[:shown], max(0, len(found) - shown))
        cache.set(key, result, OCCASIONS_CACHE_SECONDS)
    return result
