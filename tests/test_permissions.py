"""Every page and API endpoint checks permissions; these tests show the denials."""

import pytest
from django.test import Client

from draht.timeline.services import log_interaction

from .conftest import Api, api_for, client_for


@pytest.mark.parametrize("url", ["/", "/customers/", "/customers/new/", "/customers/stale/", "/customers/search/?q=abc",
                                 "/coverage/", "/accounts/me/", "/promises/", "/promises/customer/1/new/"])
def test_pages_need_a_login(db, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("path", ["/customers", "/due", "/coverage", "/search?q=abc", "/customers/1",
                                  "/customers/1/interactions", "/promises"])
def test_the_api_needs_a_token(db, path):
    response = Api(None).get(path)
    assert response.status_code == 401
    assert "error" in response.json()


def test_a_wrong_token_is_refused(db):
    assert Api("dr_wrong").get("/customers").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(cast):
    api = api_for(cast.alice)
    cast.alice.is_active = False
    cast.alice.save()
    assert api.get("/customers").status_code == 401


def customer_urls(pk):
    return [f"/customers/{pk}/", f"/customers/{pk}/edit/", f"/customers/{pk}/check-in/",
            f"/customers/{pk}/contacts/new/", f"/timeline/customer/{pk}/log/", f"/due/{pk}/reached/",
            f"/due/{pk}/snooze/"]


def test_with_team_visibility_other_teams_customers_are_not_found(cast, customer, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    client = client_for(cast.bob)
    for url in customer_urls(customer.pk):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/due/{customer.pk}/not-reached/").status_code == 404
    api = api_for(cast.bob)
    assert api.get(f"/customers/{customer.pk}").status_code == 404
    assert api.get(f"/customers/{customer.pk}/interactions").status_code == 404
    assert customer.name not in client.get("/customers/").content.decode()
    assert customer.name not in client.get("/?scope=all").content.decode()
    assert all(c["id"] != customer.pk for c in api.get("/customers").json()["items"])


def test_with_team_visibility_managers_still_see_everything(cast, customer, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    assert client_for(cast.manager).get(f"/customers/{customer.pk}/").status_code == 200


def test_without_team_visibility_everyone_sees_every_customer(cast, customer):
    assert client_for(cast.bob).get(f"/customers/{customer.pk}/").status_code == 200


def test_technicians_may_log_visits_but_not_edit_customers(cast, customer):
    client = client_for(cast.tech)
    assert client.get(f"/timeline/customer/{customer.pk}/log/").status_code == 200
    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 403
    assert client.post(f"/customers/{customer.pk}/edit/", {"name": "x"}).status_code == 403
    assert client.get("/customers/new/").status_code == 403
    api = api_for(cast.tech)
    assert api.patch(f"/customers/{customer.pk}", {"version": 1, "name": "x"}).status_code == 403
    assert api.post("/customers", {"name": "x"}).status_code == 403


def test_communications_may_not_log_contact_or_change_customers(cast, customer):
    client = client_for(cast.comms)
    assert client.get(f"/customers/{customer.pk}/").status_code == 200
    assert client.get(f"/timeline/customer/{customer.pk}/log/").status_code == 403
    assert client.post(f"/due/{customer.pk}/not-reached/").status_code == 403
    assert client.post(f"/due/{customer.pk}/reached/", {"note": ""}).status_code == 403
    api = api_for(cast.comms)
    assert api.post(f"/customers/{customer.pk}/interactions", {"channel": "phone"}).status_code == 403


def test_only_owners_and_managers_may_reassign_a_customer(cast, customer):
    response = api_for(cast.alice).patch(f"/customers/{customer.pk}", {"version": customer.version,
                                                                        "owner_id": cast.bob.pk})
    assert response.status_code == 403
    response = api_for(cast.manager).patch(f"/customers/{customer.pk}", {"version": customer.version,
                                                                          "owner_id": cast.bob.pk})
    assert response.status_code == 200 and response.json()["owner_id"] == cast.bob.pk
    assert response.json()["team_id"] == cast.muenchen.pk


def test_an_account_manager_editing_by_form_cannot_change_the_owner(cast, customer):
    client = client_for(cast.alice)
    form = client.get(f"/customers/{customer.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(owner=cast.bob.pk, version=customer.version, name="Umbenannt")
    client.post(f"/customers/{customer.pk}/edit/", data)
    customer.refresh_from_db()
    assert customer.owner == cast.alice and customer.name == "Umbenannt"


def test_the_change_log_is_shown_to_owners_and_managers_only(cast, customer):
    assert 'id="audit"' in client_for(cast.manager).get(f"/customers/{customer.pk}/").content.decode()
    assert 'id="audit"' not in client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()


def test_only_the_author_or_a_manager_may_delete_an_interaction(cast, customer):
    interaction = log_interaction(customer, user=cast.alice, channel="note", direction="internal")
    assert client_for(cast.agent).post(f"/timeline/{interaction.pk}/delete/").status_code == 403
    assert api_for(cast.agent).delete(f"/interactions/{interaction.pk}").status_code == 403
    assert client_for(cast.alice).post(f"/timeline/{interaction.pk}/delete/").status_code == 302


def test_a_user_cannot_revoke_someone_elses_token(cast):
    from draht.accounts.models import ApiToken

    token, _ = ApiToken.issue(cast.alice, "mine")
    assert client_for(cast.bob).post(f"/accounts/me/tokens/{token.pk}/delete/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_error_pages_offer_a_way_back(cast, customer, settings):
    settings.DEBUG = False
    html = client_for(cast.tech).get(f"/customers/{customer.pk}/edit/").content.decode()
    assert "Not allowed" in html and 'href="/"' in html
    html = client_for(cast.tech).get("/customers/999999/").content.decode()
    assert "Not found" in html and 'href="/"' in html


def test_control_characters_in_list_filters_are_harmless(cast, customer):
    """PostgreSQL cannot compare NUL; the shared filter definition drops control characters."""
    assert client_for(cast.alice).get("/customers/", {"tag": "a\x00b", "country": "\x00"}).status_code == 200
    assert api_for(cast.alice).get("/customers", tag="a\x00b").status_code == 200


def test_snooze_confirmation_uses_the_users_date_format(cast, customer):
    import datetime

    from django.utils import timezone

    until = timezone.localdate() + datetime.timedelta(days=3)
    html = client_for(cast.alice).post(f"/due/{customer.pk}/snooze/", {"until": until.isoformat(), "reason": "x"},
                                       headers={"HX-Request": "true"}).content.decode()
    assert until.strftime("%m/%d/%Y") in html  # English short date
