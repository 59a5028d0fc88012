"""Where draht connects on a user's say-so: one policy for webhooks, mailboxes and fetched calendars. IPv6 forms
that carry a refused IPv4 address are refused too. Only the decision function is tested: no test opens a
connection to such an address."""

import ipaddress

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from draht.core.netpolicy import check_host, embedded_ipv4, is_public
from draht.inbox.imap import fetch_new
from draht.inbox.models import Mailbox

REFUSED_V4 = ["127.0.0.1", "10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0"]


def nat64(v4: str) -> str:
    return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(ipaddress.IPv4Address(v4))))


def six_to_four(v4: str) -> str:
    return str(ipaddress.IPv6Address((0x2002 << 112) | (int(ipaddress.IPv4Address(v4)) << 80) | 1))


def compatible(v4: str) -> str:
    return str(ipaddress.IPv6Address(int(ipaddress.IPv4Address(v4))))


def teredo(server: str, client: str) -> str:
    obfuscated = int(ipaddress.IPv4Address(client)) ^ 0xFFFFFFFF
    return str(ipaddress.IPv6Address((0x20010000 << 96) | (int(ipaddress.IPv4Address(server)) << 64)
                                     | (0xFFFF << 16 << 32) | obfuscated))


@pytest.mark.parametrize("v4", REFUSED_V4)
@pytest.mark.parametrize("form", [nat64, six_to_four, compatible, lambda v4: f"::ffff:{v4}"])
def test_ipv6_forms_of_a_refused_ipv4_address_are_refused(v4, form):
    assert not is_public(form(v4))


@pytest.mark.parametrize("v4", REFUSED_V4)
def test_a_teredo_address_with_a_refused_end_is_refused(v4):
    assert not is_public(teredo("8.8.8.8", v4)) and not is_public(teredo(v4, "8.8.8.8"))


def test_the_embedded_addresses_are_read_correctly():
    assert embedded_ipv4(ipaddress.IPv6Address(nat64("10.0.0.1"))) == [ipaddress.IPv4Address("10.0.0.1")]
    assert embedded_ipv4(ipaddress.IPv6Address(six_to_four("127.0.0.1"))) == [ipaddress.IPv4Address("127.0.0.1")]
    assert ipaddress.IPv4Address("127.0.0.1") in embedded_ipv4(ipaddress.IPv6Address(compatible("127.0.0.1")))


@given(st.ip_addresses(v=4))
def test_an_ipv6_form_is_public_only_if_its_ipv4_address_is(v4):
    if not v4.is_global or v4.is_multicast:
        for form in (nat64, six_to_four, lambda a: f"::ffff:{a}"):
            assert not is_public(form(str(v4)))


def test_public_addresses_stay_allowed():
    assert is_public("8.8.8.8") and is_public("2a00:1450:4001:80b::200e") and is_public("93.184.215.14")


def test_a_mailbox_on_a_private_address_is_not_polled_without_an_owners_permission(db):
    with pytest.raises(ValidationError):
        check_host("127.0.0.1", 993, allow_private=False)
    mailbox = Mailbox.objects.create(name="Intern", host="127.0.0.1", port=1, username="u", password_encrypted="-")
    result = fetch_new(mailbox)
    mailbox.refresh_from_db()
    assert "private or local address" in result.error and "private or local address" in mailbox.last_error
