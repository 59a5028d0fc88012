"""Query counts of list pages and API lists are pinned: an N+1 query shows up here as a failure."""

import datetime

import pytest
from django.utils import timezone

from draht.customers.services import create_contact
from draht.promises.services import record_promise
from draht.timeline.services import log_interaction

from .conftest import api_for, client_for, make_customer


@pytest.fixture
def many(cast):
    customers = []
    for i in range(30):
        c = make_customer(cast.alice, name=f"Kunde {i:02d}")
        person = create_contact(c, user=cast.alice, last_name=f"Person {i}")
        for _ in range(3):
            log_interaction(c, user=cast.alice, channel="email", contact_persons=[person])
        record_promise(c, user=cast.alice, owner=cast.alice, what=f"Angebot {i}",
                       due_on=timezone.localdate() + datetime.timedelta(days=i % 3))
        customers.append(c)
    return customers


@pytest.mark.parametrize("url, queries", [
    # session, user, then the page's own queries (the due list: customers, the user's promises due soon)
    ("/", 4), ("/?scope=all", 4), ("/promises/?scope=all", 4), ("/customers/", 5), ("/customers/stale/", 3),
    ("/customers/search/?q=kunde", 3),
])
def test_list_pages(cast, many, django_assert_num_queries, url, queries):
    client = client_for(cast.alice)
    client.get(url)  # fills the per-user occasions cache
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_customer_page_with_a_timeline(cast, many, django_assert_num_queries):
    client = client_for(cast.alice)
    with django_assert_num_queries(5):  # session, user, customer with tags and contacts, timeline, coming meetings
        client.get(f"/customers/{many[0].pk}/")


@pytest.mark.parametrize("path, queries", [
    ("/customers", 3), ("/due", 2), ("/search?q=kunde", 2), ("/customers/{pk}/interactions", 3), ("/promises", 2),
])
def test_api_lists(cast, many, django_assert_num_queries, path, queries):
    api = api_for(cast.alice)
    api.get("/due")  # the token's last use is written at most once a minute
    with django_assert_num_queries(queries):
        assert api.get(path.format(pk=many[0].pk)).status_code == 200
