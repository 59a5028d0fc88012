"""Outbound webhooks: events recorded in the changing transaction, sent by the worker after commit."""

import datetime
import http.client
import json
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from draht.core.netpolicy import resolve_target
from draht.core.retry import backoff_minutes
from draht.core.signing import sign

from .choices import DeliveryStatus
from .models import Delivery, Endpoint

TIMEOUT_SECONDS = 5


def emit(event: str, data: dict) -> None:
    """Record the event for every active endpoint that wants it; call inside the changing transaction."""
    endpoints = [e for e in Endpoint.objects.filter(is_active=True) if event in e.events]
    if not endpoints:
        return
    payload = json.loads(json.dumps({"event": event, "at": timezone.now(), "data": data}, cls=DjangoJSONEncoder))
    deliveries = Delivery.objects.bulk_create([Delivery(endpoint=e, event=event, payload=payload) for e in endpoints])
    from .tasks import deliver_webhook

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the address that was checked, with the certificate checked for the host name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(endpoint: Endpoint, body: bytes, signature: str) -> int:
    scheme, host, port, address = resolve_target(endpoint.url, allow_private=endpoint.allow_private)
    parts = urlsplit(endpoint.url)
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, address, timeout=TIMEOUT_SECONDS)
    else:  # connect to the checked address, so a second DNS answer cannot point elsewhere
        connection = http.client.HTTPConnection(address, port, timeout=TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers={
            "Host": parts.netloc, "Content-Type": "application/json", "User-Agent": "draht-webhooks/1",
            "X-Draht-Signature": signature, "X-Draht-Event": json.loads(body)["event"]})
        return connection.getresponse().status
    finally:
        connection.close()


def deliver(delivery_id: int) -> str:
    """Send one delivery if it is due and not taken by another worker; returns its status afterwards."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                      next_attempt_at__lte=timezone.now()).update(status=DeliveryStatus.SENDING)
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    if not claimed:
        return delivery.status
    body = json.dumps(delivery.payload | {"delivery": delivery.pk}, separators=(",", ":")).encode()
    code, problem = None, ""
    try:
        code = _post(delivery.endpoint, body, sign(delivery.endpoint.secret, int(time.time()), body))
        if not 200 <= code < 300:
            problem = f"HTTP {code}"
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    except (OSError, http.client.HTTPException) as exc:
        problem = f"{type(exc).__name__}: {exc}"[:500]
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, problem
    if not problem:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    else:
        wait = backoff_minutes(delivery.attempts)
        if wait is None:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = timezone.now() + datetime.timedelta(minutes=wait)
    delivery.save()
    if delivery.status == DeliveryStatus.PENDING:
        from .tasks import deliver_webhook

        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status
