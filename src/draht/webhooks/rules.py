"""Where webhooks may go: http(s) only, and never to private, loopback or link-local addresses unless an
owner allows it for one endpoint (a request forgery into the office network otherwise)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_target(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for a URL that may be called; raises ValidationError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Use an http or https URL."), code="scheme")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("The host “%(host)s” cannot be found."), params={"host": parts.hostname},
                              code="dns") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private and not all(is_public(a) for a in addresses):
        raise ValidationError(_("“%(host)s” is a private or local address; only an owner can allow that."),
                              params={"host": parts.hostname}, code="private")
    return parts.scheme, parts.hostname, port, addresses[0]

