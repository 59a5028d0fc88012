"""No spoofed senders: a sending address changes only with the password and a link sent to it, owners may limit
the domains, header values never carry line breaks, and phone extensions are unique and set by owners/managers."""

import base64

import pytest
from django.core import mail

from draht.accounts.services import email_change_token
from draht.accounts.tasks import send_email_change_confirmation
from draht.audit.models import AuditEntry
from draht.outbox.models import OutgoingEmail, OutgoingStatus
from draht.outbox.services import send

from .conftest import PASSWORD, api_for, client_for


@pytest.fixture
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def ask_for_change(client, address, password=PASSWORD):
    return client.post("/accounts/me/email/", {"email": address, "password": password})


def test_the_profile_form_no_longer_changes_address_or_extension(cast):
    cast.alice.email = "alice@draht.example"
    cast.alice.save()
    client_for(cast.alice).post("/accounts/me/", {"first_name": "Alice", "last_name": "", "language": "en",
                                                  "timezone": "Europe/Vienna", "email": "ceo@draht.example",
                                                  "phone_extension": "10"})
    cast.alice.refresh_from_db()
    assert cast.alice.email == "alice@draht.example" and cast.alice.phone_extension == ""


def test_a_new_sending_address_needs_the_password_and_the_link_sent_to_it(cast, locmem_mail,
                                                                         django_capture_on_commit_callbacks):
    cast.alice.email = "alice@draht.example"
    cast.alice.save()
    client = client_for(cast.alice)
    assert ask_for_change(client, "neu@draht.example", password="falsch").status_code == 400
    with django_capture_on_commit_callbacks(execute=False):
        assert ask_for_change(client, "neu@draht.example").status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.email == "alice@draht.example" and cast.alice.pending_email == "neu@draht.example"
    send_email_change_confirmation.call(cast.alice.pk, "neu@draht.example",
                                        email_change_token(cast.alice, "neu@draht.example"), "en")
    message = mail.outbox[-1]
    assert message.to == ["neu@draht.example"]
    link = next(line for line in message.body.splitlines() if "/accounts/me/email/confirm/" in line)
    path = link[link.index("/accounts/"):]
    assert client_for(cast.bob).post(path).status_code == 400  # another user cannot use it
    assert client.get(path).status_code == 200  # a page with a button: mail scanners' GETs change nothing
    cast.alice.refresh_from_db()
    assert cast.alice.email == "alice@draht.example"
    assert client.post(path).status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.email == "neu@draht.example"
    assert client.post(path).status_code == 400  # used: the address it replaces has changed
    assert AuditEntry.objects.filter(action="draht.user.email_changed", user=cast.alice).exists()


def test_owners_limit_sending_addresses_to_their_domains(cast, customer):
    client_for(cast.owner).post("/accounts/security/", {"second_factor_roles": ["owner", "manager"],
                                                       "sender_domains": "huber.example\n@draht.example"})
    page = ask_for_change(client_for(cast.alice), "alice@gmail.example")
    assert page.status_code == 400 and "huber.example, draht.example" in page.content.decode()
    assert ask_for_change(client_for(cast.alice), "alice@huber.example").status_code == 302
    cast.bob.email = "bob@elsewhere.example"  # set before the policy: his mail goes out from draht's address
    cast.bob.save()
    api_for(cast.bob).post(f"/customers/{customer.pk}/emails", {"to": ["maria@huber.example"], "subject": "Hallo",
                                                                 "body": "Text"})
    assert OutgoingEmail.objects.get(sender=cast.bob).from_address == "draht@localhost"


@pytest.mark.parametrize("field, value", [("subject", "Hallo\r\nBcc: alle@example.com"), ("subject", "a\nb"),
                                          ("filename", "a.pdf\r\nX-Evil: 1"), ("content_type", "text/plain\r\nX: 1")])
def test_the_api_refuses_line_breaks_in_header_values(cast, customer, field, value):
    attachment = {"filename": "a.pdf", "content_type": "application/pdf",
                  "content_base64": base64.b64encode(b"%PDF").decode()}
    body = {"to": ["maria@huber.example"], "subject": "Hallo", "body": "Text", "attachments": [attachment]}
    if field == "subject":
        body["subject"] = value
    else:
        attachment[field] = value
    response = api_for(cast.alice).post(f"/customers/{customer.pk}/emails", body)
    assert response.status_code == 400, response.content
    assert response.json()["details"] and not OutgoingEmail.objects.exists()


def test_the_compose_page_refuses_a_subject_with_a_line_break(cast, customer):
    response = client_for(cast.alice).post(f"/outbox/customer/{customer.pk}/compose/", {
        "to": "maria@huber.example", "subject": "Hallo\r\nBcc: x@example.com", "body": "Text"})
    assert response.status_code == 400 and not OutgoingEmail.objects.exists()


def test_a_message_that_cannot_be_built_fails_instead_of_staying_in_sending(cast, customer):
    email = OutgoingEmail.objects.create(customer=customer, sender=cast.alice, from_address="a@draht.example",
                                         to=["maria@huber.example"], subject="Hallo\nBcc: x@example.com",
                                         body="Text", message_id="broken@draht.example")
    assert send(email.pk) == OutgoingStatus.FAILED
    email.refresh_from_db()
    assert email.status == OutgoingStatus.FAILED and "cannot be sent" in email.last_error


def test_phone_extensions_are_set_by_owners_and_managers_and_unique(cast):
    manager = client_for(cast.manager)
    assert manager.post(f"/accounts/users/{cast.alice.pk}/", {"phone_extension": "21"}).status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.phone_extension == "21"
    taken = manager.post(f"/accounts/users/{cast.bob.pk}/", {"phone_extension": "21"})
    assert taken.status_code == 400 and "Another user has this extension" in taken.content.decode()
    assert client_for(cast.alice).post(f"/accounts/users/{cast.bob.pk}/", {"phone_extension": "22"}
                                       ).status_code == 403
    assert AuditEntry.objects.filter(action="draht.user.extension_set", user=cast.manager).exists()
