import threading

import pytest

from draht.audit.models import AuditEntry
from draht.customers.services import EditConflict, update_customer
from draht.timeline.services import delete_interaction, log_interaction, update_interaction

from .conftest import api_for, client_for


def test_every_change_is_in_the_audit_log_with_who_and_what(cast, customer):
    update_customer(customer, user=cast.alice, version=customer.version, city="Graz", subdivision="AT-6")
    entry = AuditEntry.objects.filter(action="draht.customer.changed").get()
    assert entry.user == cast.alice and entry.customer == customer
    assert entry.data["changes"]["city"] == ["Wien", "Graz"]


def test_interactions_are_audited_when_created_changed_and_deleted(cast, customer):
    i = log_interaction(customer, user=cast.alice, channel="email", is_personal=True)
    i = update_interaction(i, user=cast.alice, version=i.version, subject="Neu")
    delete_interaction(i, user=cast.alice)
    actions = list(AuditEntry.objects.filter(customer=customer).values_list("action", flat=True))
    assert {"draht.interaction.created", "draht.interaction.changed", "draht.interaction.deleted"} <= set(actions)
    deleted = AuditEntry.objects.get(action="draht.interaction.deleted")
    assert deleted.object_type == "interaction" and deleted.object_id == i.pk


def test_api_changes_reach_the_audit_log(cast, customer):
    api_for(cast.alice).patch(f"/customers/{customer.pk}", {"version": customer.version, "tier": "A"})
    entry = AuditEntry.objects.filter(action="draht.customer.changed").latest("id")
    assert entry.data["changes"]["tier"] == ["C", "A"]


def test_the_audit_log_is_shown_on_the_customer_page(cast, customer):
    update_customer(customer, user=cast.alice, version=customer.version, city="Linz", subdivision="AT-4")
    html = client_for(cast.owner).get(f"/customers/{customer.pk}/").content.decode()
    assert "Customer changed" in html and "Wien → Linz" in html
    assert "draht.customer.changed" not in html and "AT-4" not in html  # words, not codes


def test_a_stale_version_is_refused_and_nothing_is_overwritten(cast, customer):
    version = customer.version
    update_customer(customer, user=cast.alice, version=version, city="Graz", subdivision="AT-6")
    with pytest.raises(EditConflict):
        update_customer(customer, user=cast.bob, version=version, city="Linz")
    customer.refresh_from_db()
    assert customer.city == "Graz"


def test_two_users_editing_in_the_browser_see_the_conflict(cast, customer):
    first, second = client_for(cast.alice), client_for(cast.owner)
    form_a = first.get(f"/customers/{customer.pk}/edit/").context["form"]
    form_b = second.get(f"/customers/{customer.pk}/edit/").context["form"]

    def data(form, **changes):
        values = {k: v for k, v in form.initial.items() if v is not None}
        values["owner"] = customer.owner_id
        return values | changes

    url = f"/customers/{customer.pk}/edit/"
    assert first.post(url, data(form_a, city="Graz", subdivision="AT-6")).status_code == 302
    response = second.post(f"/customers/{customer.pk}/edit/", data(form_b, city="Linz", subdivision="AT-4"))
    assert response.status_code == 409
    assert "changed this record in the meantime" in response.content.decode()
    customer.refresh_from_db()
    assert customer.city == "Graz"


def test_the_api_answers_409_on_a_stale_version(cast, customer):
    api = api_for(cast.alice)
    assert api.patch(f"/customers/{customer.pk}", {"version": customer.version, "city": "Graz"}).status_code == 200
    response = api.patch(f"/customers/{customer.pk}", {"version": customer.version, "city": "Linz"})
    assert response.status_code == 409 and "error" in response.json()


def test_a_customer_with_interactions_cannot_be_deleted_only_archived(cast, customer):
    from django.db.models import ProtectedError

    log_interaction(customer, user=cast.alice, channel="note", direction="internal")
    with pytest.raises(ProtectedError):
        customer.delete()
    client_for(cast.alice).post(f"/customers/{customer.pk}/archive/")
    customer.refresh_from_db()
    assert customer.is_archived and customer.interactions.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_on_postgresql_keep_the_last_contact_exact(cast):
    """Two transactions log personal contact at once; the row lock keeps the stored maximum exact."""
    from django.db import close_old_connections

    from .conftest import days_ago, make_customer

    customer = make_customer(cast.alice)
    barrier = threading.Barrier(2)
    errors = []

    def call(days):
        try:
            barrier.wait()
            log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", is_personal=True,
                            occurred_at=days_ago(days))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=call, args=(d,)) for d in (3, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    customer.refresh_from_db()
    latest = customer.interactions.order_by("-occurred_at").first().occurred_at
    assert customer.last_personal_contact_at == latest
