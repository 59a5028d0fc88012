"""Crafted input answers 400 or 404, never 500: every page and API route is called with the values an attacker
(or a mangled bookmark) sends — ids that are not numbers or do not fit 64 bits, cursors of nulls, NUL bytes."""

import base64
import datetime
import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from draht.inbox.services import store_email
from draht.outbox.services import queue_email
from draht.promises.services import record_promise
from draht.timeline.services import log_interaction

from .conftest import api_for, client_for
from .mail import corpus

HUGE = "99999999999999999999"


def cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# Query strings and form fields with the values that broke views before: each set is sent as a whole.
CRAFTED = [
    {"after": cursor([None, None]), "team": HUGE, "owner": HUGE, "customer": "abc", "reply_to": "abc",
     "contact": "abc", "from": HUGE, "keep": "abc", "other": "abc"},
    {"after": cursor([None]), "team": "-1", "owner": "1e3", "customer": HUGE, "reply_to": HUGE, "contact": HUGE,
     "from": "abc", "keep": HUGE, "other": HUGE, "version": HUGE},
    {"after": cursor([{"a": 1}, [2]]), "channel": "x" * 500, "scope": "\x00", "status": "nope", "q": "a\x00b",
     "format": "html", "fragment": "timeline", "tag": "\x00", "country": "\x00\x00", "version": "\x00"},
    {"after": cursor(["not a date", "x"]), "customer": "", "reply_to": "1.5", "contact": "0", "keep": "",
     "other": "", "version": "-5", "mine": "1", "all": "1", "outcome": "kept", "action": "import"},
    {"after": "%%%not-base64", "customer": "٣", "reply_to": "٣", "contact": "٣", "team": "٣", "owner": "٣"},
    {"after": cursor([HUGE, HUGE]), "customer": "1 OR 1=1", "q": "x" * 5000, "channel": "phone"},
]


def _routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def page_routes():
    return sorted({r for r in _routes() if not r.startswith("api/")})


@pytest.fixture
def world(cast, customer, settings, tmp_path):
    """One of each object a URL can name, so routes reach their code past the first lookup."""
    settings.MEDIA_ROOT = tmp_path / "media"
    person = customer.contact_persons.get()
    entry = log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", is_personal=True)
    message = store_email(corpus.latin1_quoted_printable(), source="upload").message
    queue_email(customer, user=cast.alice, to=["maria.mueller@huber.example"], subject="Hallo", body="Text",
                contact_person=person)
    promise = record_promise(customer, user=cast.alice, owner=cast.alice, what="Angebot schicken",
                           due_on=datetime.date.today() + datetime.timedelta(days=5))
    return {"pk": customer.pk, "contact_pk": person.pk, "entry": entry.pk, "message": message.pk,
            "promise": promise.pk}


def fill(route: str, ids: dict, value=None) -> str:
    """The route with each <converter:name> replaced by the object's id (or by `value`)."""
    import re

    def replace(match):
        converter, name = match.group(1), match.group(2)
        if value is not None:
            return value
        if converter == "slug":
            return {"kind": "contact", "what": "customers"}.get(name, "x")
        return str(ids.get(name, ids["pk"]))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _call(client, method, url, data):
    try:
        response = getattr(client, method)(url, data)
    except Exception as exc:  # noqa: BLE001 - collected, so one run names every failing route
        return f"{method.upper()} {url} {sorted(data)}: {type(exc).__name__}: {exc}"[:300]
    if response.status_code >= 500:
        return f"{method.upper()} {url} {sorted(data)}: {response.status_code}"
    return None


@pytest.mark.parametrize("role", ["owner", "alice"])
def test_no_page_answers_500_to_crafted_input(cast, world, role):
    client = client_for(getattr(cast, role))
    failures = []
    for route in page_routes():
        if "logout" in route:
            continue
        for url in {fill(route, world), fill(route, world, value="0")}:
            for data in CRAFTED:
                for method in ("get", "post"):
                    failure = _call(client, method, url, data)
                    if failure:
                        failures.append(failure)
    assert not failures, "\n".join(failures)


def test_an_id_that_does_not_fit_64_bits_is_not_found(cast, world):
    client = client_for(cast.owner)
    for route in page_routes():
        if "<id:" in route:
            response = client.get(fill(route, world, value=HUGE))
            assert response.status_code == 404, route


@pytest.mark.parametrize("url", [
    "/outbox/customer/{pk}/compose/?reply_to=abc", "/customers/?team=" + HUGE,
    "/customers/?after=" + cursor([None, None]), "/?after=" + cursor([None, None]),
    "/promises/?after=" + cursor([None, None]),
])
def test_the_crafted_requests_of_the_report_answer_a_client_error(cast, world, url):
    response = client_for(cast.owner).get(url.format(**world))
    assert response.status_code in (200, 400, 404)


def test_assigning_a_message_to_a_customer_that_is_not_a_number_is_not_found(cast, world):
    response = client_for(cast.owner).post(f"/inbox/{world['message']}/assign/", {"customer": "abc"})
    assert response.status_code == 404


def test_api_lists_answer_a_client_error_to_crafted_cursors(cast, world):
    api = api_for(cast.owner)
    for path in ["/customers", "/due", "/promises", "/messages/unassigned", f"/customers/{world['pk']}/interactions"]:
        for data in CRAFTED:
            response = api.get(path, **data)
            assert response.status_code < 500, (path, data, response.status_code)


def test_anonymous_visitors_get_no_500_either(db):
    client = Client()
    for data in CRAFTED:
        for url in ["/accounts/login/", "/healthz", "/i18n/setlang/"]:
            assert client.post(url, data).status_code < 500
            assert client.get(url, data).status_code < 500
