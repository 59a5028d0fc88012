import zoneinfo

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from . import deadline


class UserPreferencesMiddleware:
    """Activate the signed-in user's language and time zone for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class NoStoreMiddleware:
    """Pages for signed-in users, API answers and downloads hold customers' data: no browser or proxy may keep a
    copy (Cache-Control: no-store). Static files never get here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class DatabaseDeadlineMiddleware:
    """A PostgreSQL statement of a web request that gets no answer within DRAHT_DB_TIMEOUT_SECONDS ends with the
    503 page (core/deadline.py); requests outside the main thread run without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql" or not deadline.usable():
            return self.get_response(request)
        with deadline.request_scope(), connection.execute_wrapper(deadline.with_deadline):
            return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A request body over DRAHT_MAX_REQUEST_BYTES is refused from its Content-Length, before a byte of it is read:
    nothing is written to disk and the sender learns at once. (Without a Content-Length Django reads no body.)
    First in the chain, before anything touches request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DRAHT_MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request):
    from django.http import HttpResponse
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    limit = filesizeformat(settings.DRAHT_MAX_REQUEST_BYTES)
    if request.path.startswith("/api/"):
        from .errors import json_error

        response = json_error(413, _("The request is too large (at most %(limit)s).") % {"limit": limit})
    else:
        from django.template.loader import render_to_string

        response = HttpResponse(render_to_string("413.html", {"limit": limit}), status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response
