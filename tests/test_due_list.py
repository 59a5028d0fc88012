import datetime

from django.utils import timezone

from draht.customers.services import snooze
from draht.timeline.models import Interaction
from draht.timeline.services import log_interaction

from .conftest import client_for, days_ago, make_customer


def call(customer, user, when, reached=True):
    return log_interaction(customer, user=user, channel="phone", outcome="reached" if reached else "not_reached",
                           is_personal=reached, occurred_at=when)


def test_it_lists_overdue_and_never_contacted_customers_most_overdue_first(cast):
    fresh = make_customer(cast.alice, name="Fresh", cadence_days=30)
    call(fresh, cast.alice, days_ago(5))
    long_ago = make_customer(cast.alice, name="Long ago", cadence_days=30)
    call(long_ago, cast.alice, days_ago(200))
    recently_due = make_customer(cast.alice, name="Recently due", cadence_days=30)
    call(recently_due, cast.alice, days_ago(31))
    never = make_customer(cast.alice, name="Never")
    html = client_for(cast.alice).get("/").content.decode()
    assert "Fresh" not in html
    assert html.index("Long ago") < html.index("Recently due")
    assert "Never" in html and "never contacted" in html
    assert never.due_at <= timezone.now()


def test_a_customer_due_today_is_on_the_list(cast):
    c = make_customer(cast.alice, name="Due today", cadence_days=10)
    call(c, cast.alice, timezone.now() - datetime.timedelta(days=10) + datetime.timedelta(minutes=1))
    assert "Due today" in client_for(cast.alice).get("/").content.decode()


def test_scopes_mine_team_and_everyone(cast):
    make_customer(cast.alice, name="Alices")
    make_customer(cast.owner, name="Owners")
    make_customer(cast.bob, name="Bobs")
    client = client_for(cast.alice)
    mine = client.get("/?scope=mine").content.decode()
    team = client.get("/?scope=team").content.decode()
    everyone = client.get("/?scope=all").content.decode()
    assert "Alices" in mine and "Owners" not in mine
    assert "Owners" in team and "Bobs" not in team
    assert "Bobs" in everyone


def test_a_reached_call_takes_the_customer_off_the_list_and_resets_the_clock(cast, customer):
    client = client_for(cast.alice)
    response = client.post(f"/due/{customer.pk}/reached/", {"note": "Alles gut"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "logged as personal contact" in response.content.decode()
    customer.refresh_from_db()
    assert customer.last_personal_contact_at is not None
    assert customer.name not in client.get("/").content.decode()
    interaction = Interaction.objects.get(customer=customer)
    assert interaction.is_personal and interaction.body == "Alles gut" and interaction.created_by == cast.alice


def test_a_call_not_reached_is_logged_but_does_not_reset_the_clock(cast, customer):
    client = client_for(cast.alice)
    assert client.post(f"/due/{customer.pk}/not-reached/").status_code == 302
    customer.refresh_from_db()
    assert customer.last_personal_contact_at is None
    assert Interaction.objects.get(customer=customer).outcome == "not_reached"
    assert customer.name in client.get("/").content.decode()


def test_snoozing_hides_the_customer_until_the_date(cast, customer):
    client = client_for(cast.alice)
    until = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(f"/due/{customer.pk}/snooze/", {"until": until.isoformat(), "reason": "Urlaub"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.snoozed_until == until and customer.snooze_reason == "Urlaub"
    assert f'id="due-{customer.pk}"' not in client.get("/").content.decode()
    assert customer.audit_entries.filter(action="draht.customer.snoozed").exists()


def test_snooze_needs_a_future_date_and_a_reason(cast, customer):
    response = client_for(cast.alice).post(f"/due/{customer.pk}/snooze/", {"until": "2020-01-01", "reason": ""})
    assert response.status_code == 422
    assert "Choose a date after today" in response.content.decode()


def test_snooze_in_the_past_does_not_hide(cast, customer):
    snooze(customer, user=cast.alice, until=timezone.localdate() - datetime.timedelta(days=1), reason="x")
    assert customer.name in client_for(cast.alice).get("/").content.decode()


def test_birthdays_and_anniversaries_this_week_are_reasons_to_call(cast, customer):
    from draht.customers.services import create_contact

    soon = timezone.localdate() + datetime.timedelta(days=2)
    create_contact(customer, user=cast.alice, first_name="Karl", last_name="Geburtstag",
                   birthday=datetime.date(1970, soon.month, soon.day))
    make_customer(cast.alice, name="Treu AG", customer_since=datetime.date(2016, soon.month, soon.day))
    html = client_for(cast.alice).get("/").content.decode()
    assert "Karl Geburtstag has a birthday" in html
    assert "10 years as our customer" in html


def test_occasion_window_crosses_the_turn_of_the_year():
    from draht.cadence.duelist import mmdd_window

    assert mmdd_window(datetime.date(2026, 12, 29), 7) == [(1229, 1231), (101, 105)]
    assert mmdd_window(datetime.date(2026, 5, 1), 7) == [(501, 508)]


def test_the_due_list_pages_with_a_cursor(cast, settings):
    settings.DRAHT_PAGE_SIZE = 2
    for i in range(5):
        make_customer(cast.alice, name=f"Kunde {i}")
    client = client_for(cast.alice)
    first = client.get("/")
    cursor = first.context["page"].next_cursor
    assert cursor and len(first.context["page"].items) == 2
    second = client.get("/", {"after": cursor, "fragment": "rows"}, headers={"HX-Request": "true"})
    names = {c.name for c in second.context["page"].items}
    assert names.isdisjoint({c.name for c in first.context["page"].items})
    assert client.get("/", {"after": "garbage!"}).status_code == 200


def test_the_due_list_runs_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for i in range(30):
        make_customer(cast.alice, name=f"Kunde {i}")
    client = client_for(cast.alice)
    with django_assert_max_num_queries(8):
        client.get("/")


def test_only_the_nearest_ten_occasions_are_listed_with_a_count_of_the_rest(cast, customer):
    from draht.customers.services import create_contact

    soon = timezone.localdate() + datetime.timedelta(days=1)
    for i in range(13):
        create_contact(customer, user=cast.alice, last_name=f"Person{i}", birthday=datetime.date(1980, soon.month,
                                                                                                   soon.day))
    html = client_for(cast.alice).get("/").content.decode()
    assert html.count("has a birthday") == 10
    assert "and 3 more this week" in html


def test_names_subjects_and_bodies_are_escaped_on_the_due_list_and_the_timeline(cast):
    evil = '<b>Ätna & "Söhne"</b>'
    customer = make_customer(cast.alice, name=evil, city="<i>Graz</i>")
    log_interaction(customer, user=cast.alice, channel="email", occurred_at=days_ago(400), is_personal=True,
                    subject="<script>alert(1)</script>", body="erste Zeile <img src=x>\r\nzweite Zeile")
    due = client_for(cast.alice).get("/?scope=mine").content.decode()
    assert "&lt;b&gt;Ätna &amp; &quot;Söhne&quot;&lt;/b&gt;" in due and evil not in due
    assert "&lt;i&gt;Graz&lt;/i&gt;" in due
    page = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "erste Zeile &lt;img src=x&gt;<br>zweite Zeile" in page



def test_the_outcome_buttons_on_the_customer_page_lead_back_there_and_nowhere_else(cast, customer):
    client = client_for(cast.alice)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'id="call-actions"' in page and f'href="tel:{customer.call_number}"' in page
    response = client.post(f"/due/{customer.pk}/not-reached/", {"back": "customer"})
    assert response.status_code == 302 and response.url == f"/customers/{customer.pk}/"
    response = client.post(f"/due/{customer.pk}/not-reached/", {"back": "https://evil.example/"})
    assert response.url == "/"  # a fixed choice, never a URL
    form = client.get(f"/due/{customer.pk}/snooze/?back=customer").content.decode()
    assert 'name="back" value="customer"' in form and "hx-post" not in form  # a whole page posts as a page
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(f"/due/{customer.pk}/snooze/", {"until": until, "reason": "Urlaub", "back": "customer"})
    assert response.url == f"/customers/{customer.pk}/"
    assert "snoozed until" in client.get(response.url).content.decode()
