"""What the customer page shows: header facts, tags, contact persons (the timeline: test_api, test_mail_pages)."""

import datetime

from draht.customers.models import ContactPerson
from draht.customers.services import create_contact

from .conftest import client_for, make_customer


def test_the_customer_page_shows_its_tags_by_name_and_escaped(cast):
    from draht.customers.models import Tag

    tags = [Tag.objects.create(name=n) for n in ("Wartung", "<b>A&B</b>", "Bäckerei")]
    customer = make_customer(cast.alice, name="Mit Schlagworten", tags=tags)
    make_customer(cast.alice, name="Ohne", tags=[Tag.objects.create(name="Fremd")])
    page = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    badges = ("&lt;b&gt;A&amp;B&lt;/b&gt;", "Bäckerei", "Wartung")
    assert all(b in page for b in badges) and page.index(badges[0]) < page.index(badges[1]) < page.index(badges[2])
    assert "<b>A&B</b>" not in page and "Fremd" not in page


def test_the_customer_page_shows_its_contact_persons_by_last_name(cast):
    customer = make_customer(cast.alice, name="Mit Leuten")
    main = create_contact(customer, user=cast.alice, salutation="mr", title="Dr.", first_name="Jürgen",
                          last_name="Zeller", position="Geschäftsführer", phone="+43 1 5123456",
                          birthday=datetime.date(1970, 3, 9), email="zeller@mit-leuten.example")
    create_contact(customer, user=cast.alice, first_name="Anna", last_name="Berger", mobile="+436641234567")
    gone = create_contact(customer, user=cast.alice, last_name="Alt")
    ContactPerson.objects.filter(pk=gone.pk).update(is_active=False)
    create_contact(make_customer(cast.alice, name="Andere"), user=cast.alice, last_name="Fremd")
    page = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    assert page.index("Alt") < page.index("Anna Berger") < page.index("Dr. Jürgen Zeller")
    assert "Fremd" not in page and "Mr Dr. Jürgen Zeller" in page
    zeller = page[page.index("Dr. Jürgen Zeller"):]
    assert "main contact" in zeller[:200] and "Geschäftsführer" in zeller and "+43 1 5123456" in zeller
    assert "9. March" in zeller and "zeller@mit-leuten.example" in zeller
    assert f"/customers/{customer.pk}/contacts/{main.pk}/" in zeller
    assert "+43 664 1234567" in page and "inactive" in page[page.index("Alt"):page.index("Anna Berger")]


def test_show_older_pages_through_the_timeline_with_the_entries_only(cast, settings, django_assert_num_queries):
    import re

    from draht.timeline.services import log_interaction

    from .conftest import days_ago

    settings.DRAHT_PAGE_SIZE = 2
    customer = make_customer(cast.alice, name="Viel los")
    for day in range(5):
        log_interaction(customer, user=cast.alice, channel="note", subject=f"Notiz {day}", occurred_at=days_ago(day))
    client = client_for(cast.alice)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Notiz 0" in page and "Notiz 1" in page and "Notiz 2" not in page
    seen = []
    url = re.search(r'hx-get="([^"]*fragment=timeline[^"]*)"', page).group(1).replace("&amp;", "&")
    while url:
        with django_assert_num_queries(4):  # session, user, customer, the entries with their people
            fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment and "Contact persons" not in fragment
        seen += re.findall(r"Notiz \d", fragment)
        more = re.search(r'hx-get="([^"]*fragment=timeline[^"]*)"', fragment)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert seen == ["Notiz 2", "Notiz 3", "Notiz 4"]
