"""What a visitor sees when something fails: a page in draht's style (or the API's JSON error), never a traceback;
503 with Retry-After while the database is unreachable or the disk is full; error reports without secrets."""

import errno
import logging
import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.debug import SafeExceptionReporterFilter

log = logging.getLogger("draht.errors")
RETRY_AFTER_SECONDS = 30


def is_outage(exc: BaseException | None) -> bool:
    """The database cannot be reached (stopped, hung, restarting) or the disk is full: it is not the request's
    fault and trying again later will work."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def json_error(status: int, message: str) -> JsonResponse:
    """The API's error shape, for answers given before the API itself runs (middleware, error handlers)."""
    return JsonResponse({"error": message, "details": []}, status=status)


def api_error(status: int) -> JsonResponse:
    from django.utils.translation import gettext as _

    message = (_("draht is briefly unavailable (the database cannot be reached). Try again in a moment.")
               if status == 503 else _("Something went wrong on our side. Nothing that was saved is lost."))
    response = json_error(status, message)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    """handler500. Renders without the request's context: the failing part may be the database that the user, the
    session or the menu would need."""
    exc = sys.exc_info()[1]
    status = 503 if is_outage(exc) else 500
    if status == 503:
        log.warning("answered 503 for %s: %s", request.path, type(exc).__name__)
    if request.path.startswith("/api/"):
        return api_error(status)
    response = HttpResponse(render_to_string("503.html" if status == 503 else "500.html"), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _secret_values() -> list[str]:
    """The secrets this installation knows, as text that must not appear in an error report."""
    values = [settings.SECRET_KEY, getattr(settings, "EMAIL_HOST_PASSWORD", "")]
    for name in dir(settings):
        if re.search(r"SECRET|PASSWORD|_KEY$", name) and isinstance(getattr(settings, name, None), str):
            values.append(getattr(settings, name))
    for db in settings.DATABASES.values():
        values.append(db.get("PASSWORD") or "")
    for url in (getattr(settings, "DATABASE_URL", ""), *(q.get("URL", "") for q in
                                                         getattr(settings, "RQ_QUEUES", {}).values())):
        match = re.match(r"^[a-z0-9+]+://[^:/@]*:([^@]+)@", url or "")
        if match:
            values.append(match.group(1))
    return sorted({v for v in values if v and len(v) >= 4}, key=len, reverse=True)


class SecretsHidingFilter(SafeExceptionReporterFilter):
    """Django's filter hides settings named like KEY or PASS; this one also hides connection strings (their
    password), and any value of a local variable that contains a known secret (a DSN in the driver's frame)."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|REDIS|RQ_QUEUES|DSN|CONNINFO|EMAIL_HOST_USER",
        flags=re.IGNORECASE)

    def _scrub(self, value):
        try:
            text = value if isinstance(value, str) else repr(value)
        except Exception:  # noqa: BLE001 - a repr that fails is shown as Django shows it
            return value
        if any(secret in text for secret in _secret_values()):
            return self.cleansed_substitute
        return value

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self._scrub(value)) for name, value in super().get_traceback_frame_variables(request,
                                                                                                     tb_frame)]

    def cleanse_setting(self, key, value):
        return self._scrub(super().cleanse_setting(key, value))
