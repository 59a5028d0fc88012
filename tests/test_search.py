import pytest

from draht.accounts.models import User
from draht.customers.search import search
from draht.customers.services import create_contact, update_contact

from .conftest import api_for, client_for, make_customer


@pytest.fixture
def people(cast):
    c = make_customer(cast.alice, name="Schmidt & Söhne GmbH", phone="+431234567", email="office@schmidt.example")
    create_contact(c, user=cast.alice, first_name="Jürgen", last_name="Müller", email="j.mueller@firma.example",
                   mobile="+436641234567")
    make_customer(cast.alice, name="Gruber Bäckerei", country="DE", city="München", subdivision="DE-BY")
    return c


def names(query):
    results = search(query, User.objects.get(username="owner"))
    return {(r.contact_person.full_name if r.contact_person else r.customer.name) for r in results}


def test_it_finds_customers_by_name_fragment(people):
    assert names("schmi") == {"Schmidt & Söhne GmbH"}


@pytest.mark.parametrize("query", ["Müller", "mueller", "MUELLER", "muller", "Jürg", "juerg"])
def test_umlauts_and_their_two_letter_spelling_find_the_same_person(people, query):
    assert "Jürgen Müller" in names(query)


@pytest.mark.parametrize("query", ["Söhne", "soehne", "Baeckerei", "bäck"])
def test_umlauts_in_customer_names(people, query):
    assert names(query) & {"Schmidt & Söhne GmbH", "Gruber Bäckerei"}


def test_it_finds_contact_persons_by_e_mail_prefix(people):
    assert names("j.muel") == {"Jürgen Müller"}


@pytest.mark.parametrize("query", ["0664 1234567", "06641234", "436641234567", "+43 664 123"])
def test_it_finds_by_phone_digits_as_typed(people, query):
    assert "Jürgen Müller" in names(query)


def test_all_terms_must_match(people):
    assert names("schmidt gmbh") == {"Schmidt & Söhne GmbH"}
    assert names("schmidt bäckerei") == set()


def test_terms_shorter_than_three_characters_find_nothing(people):
    assert names("sc") == set()


def test_the_index_follows_changes(cast, people):
    person = people.contact_persons.get()
    update_contact(person, user=cast.alice, version=person.version, last_name="Oberhofer")
    assert names("oberhof") == {"Jürgen Oberhofer"}
    assert "Jürgen Müller" not in names("mueller")


def test_quotes_and_operators_in_queries_are_harmless(people):
    assert names('"schmi" OR *') == set()
    assert names("100%_") == set()


def test_search_respects_team_visibility(cast, people, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    assert api_for(cast.bob).get("/search", q="schmi").json() == []
    assert len(api_for(cast.alice).get("/search", q="schmi").json()) == 1


def test_the_search_page_and_api(cast, people):
    html = client_for(cast.alice).get("/customers/search/", {"q": "müller"}).content.decode()
    assert "Jürgen Müller" in html
    hits = api_for(cast.alice).get("/search", q="schmi").json()
    assert hits[0]["customer_name"] == "Schmidt & Söhne GmbH"


def test_a_too_short_query_says_so(cast, people):
    html = client_for(cast.alice).get("/customers/search/", {"q": "ab"}).content.decode()
    assert "at least three" in html


@pytest.mark.django_db(transaction=True)
def test_the_search_index_keeps_working_across_its_foreign_key_migration_both_ways(cast):
    """Migration 0008 makes Django rebuild customers_searchentry on SQLite, which drops the FTS5 triggers."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from draht.customers.search import customer_text
    from draht.customers.services import create_customer

    before = [("customers", "0007_fewer_write_indexes"), ("audit", "0002_customer_index_covered")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    # Written with the models of that state: today's Customer has columns the old table has not.
    old = executor.loader.project_state(before).apps
    now = timezone.now()
    customer = old.get_model("customers", "Customer").objects.create(
        name="Zwischenstand Elektro", owner_id=cast.alice.pk, cadence_days=365, due_at=now, match_name="elektro")
    old.get_model("customers", "SearchEntry").objects.create(customer_id=customer.pk, text=customer_text(customer))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    create_customer(user=cast.alice, owner=cast.alice, name="Nachher Elektro")
    assert sorted(e.customer.name for e in search("elektro", cast.alice)) == ["Nachher Elektro",
                                                                           "Zwischenstand Elektro"]
