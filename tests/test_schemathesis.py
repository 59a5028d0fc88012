"""Property-based API test: schemathesis generates requests from our OpenAPI schema (bounded examples)."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from draht.accounts.models import ApiToken
from draht.customers.services import create_contact
from draht.wsgi import application

from .conftest import make_customer

# Reading the schema needs no database: it is built from the routes.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_finished, which would close the connection that holds the
    test transaction; Django's own test client disconnects the handler the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast, keep_test_connection):
    customer = make_customer(cast.alice, name="Schema Test GmbH")
    create_contact(customer, user=cast.alice, last_name="Probe", phone="+436641234567")
    return ApiToken.issue(cast.alice, "schemathesis")[1]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_schema_and_never_fails_with_500(case, token, db):
    case.call_and_validate(headers=auth_headers(case, token))


def auth_headers(case, token) -> dict:
    """The real token, except when a negative case deliberately carries a malformed Authorization header:
    that one is sent as generated, and the API must refuse it."""
    supplied = (case.headers or {}).get("Authorization")
    negative = case.meta is not None and str(case.meta.generation.mode) == "negative"
    if negative and supplied is not None and not re.fullmatch(r"Bearer [\x21-\x7e]+", supplied):
        return {}
    return {"Authorization": f"Bearer {token}"}
