"""Where draht may connect on a user's say-so (webhooks, IMAP mailboxes, calendars to fetch): public addresses
only, unless an owner allows private ones for that one target. Otherwise a user could make the server reach into
the office network or the machine itself (server-side request forgery)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NAT64 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries and reaches: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d),
    NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (server and client)."""
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible, deprecated but still routed by some stacks
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if any(ip in net for net in NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in SIX_TO_FOUR:
        found.append(ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF))
    if ip.teredo:
        found.extend(ip.teredo)
    return found


def is_public(address: str) -> bool:
    """A globally reachable unicast address, and so is every IPv4 address it embeds."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 6:
        return all(v4.is_global and not v4.is_multicast for v4 in embedded_ipv4(ip))
    return True


def check_host(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses `host` resolves to, all of them allowed; raises ValidationError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise ValidationError(_("The host “%(host)s” cannot be found."), params={"host": host}, code="dns") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private and not all(is_public(a) for a in addresses):
        raise ValidationError(_("“%(host)s” is a private or local address; only an owner can allow that."),
                              params={"host": host}, code="private")
    return addresses


def resolve_target(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for an http(s) URL that may be called; raises ValidationError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Use an http or https URL."), code="scheme")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(_("The port of this URL is not valid."), code="port") from None
    addresses = check_host(parts.hostname, port, allow_private=allow_private)
    return parts.scheme, parts.hostname, port, addresses[0]


def fetch(url: str, *, allow_private: bool, max_bytes: int, timeout: float) -> bytes:
    """GET an http(s) URL under the address policy (the checked address is the one connected to), at most
    `max_bytes` and `timeout` seconds per read; raises ValidationError (policy) or OSError (network, size,
    status)."""
    import http.client
    import ssl

    if url.lower().startswith("webcal://"):  # how calendar programs write an https subscription
        url = "https://" + url[len("webcal://"):]
    scheme, host, port, address = resolve_target(url, allow_private=allow_private)
    parts = urlsplit(url)
    if scheme == "https":
        connection = _PinnedHTTPS(host, port, address, context=ssl.create_default_context(), timeout=timeout)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"Host": parts.netloc, "User-Agent": "draht-calendar/1",
                                                 "Accept": "text/calendar, */*"})
        response = connection.getresponse()
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
        body = response.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise OSError(f"larger than {max_bytes:,} bytes")
        return body
    except http.client.HTTPException as exc:
        raise OSError(f"{type(exc).__name__}: {exc}") from None
    finally:
        connection.close()


class _PinnedHTTPS:
    """HTTPS to the address that was checked, with the certificate checked for the host name."""

    def __new__(cls, host, port, address, *, context, timeout):
        import http.client

        class Pinned(http.client.HTTPSConnection):
            def connect(self):
                sock = socket.create_connection((address, self.port), self.timeout)
                self.sock = self._context.wrap_socket(sock, server_hostname=self.host)

        return Pinned(host, port, context=context, timeout=timeout)
