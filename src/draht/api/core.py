"""The /api/v1/ instance: token auth, one error shape ({"error": …, "details": […]}), schemas shared by routers."""

import datetime
import logging
from typing import Annotated

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import BeforeValidator, ConfigDict, Field, field_validator

from draht.accounts.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(token_hash=hash_token(token))
        except ApiToken.DoesNotExist:
            return None
        now = timezone.now()
        if not api_token.user.is_active or (api_token.expires_at is not None and api_token.expires_at <= now):
            return None
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        translation.activate(api_token.user.language)
        return api_token.user


def _iso_text(value):
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 string")
    return value


def _whole_number(value):
    """JSON Schema counts 3.0 as an integer; a string or a boolean is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


# Strict body types: JSON numbers are not dates, and "5" is not a number.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_text)]
IsoDateTime = Annotated[datetime.datetime, BeforeValidator(_iso_text)]


def bounded_int(low: int, high: int):
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_whole_number)]


Id = bounded_int(1, 2**62)
Version = bounded_int(1, 2**31)


def _strip_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _strip_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip_nul(item) for item in value]
    return value


class Input(Schema):
    """Base of every request body: unknown fields are errors, and NUL characters (never meaningful in text,
    and PostgreSQL cannot store them) are removed before validation."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def without_nul_characters(cls, value):
        return _strip_nul(value)


class ErrorDetail(Schema):
    field: str
    message: str


class Error(Schema):
    error: str
    details: list[ErrorDetail] = []


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error, 503: Error}

api = NinjaAPI(
    title="draht API",
    version="1",
    description="The JSON API of draht. Authenticate with `Authorization: Bearer <token>` "
    "(create tokens under “My settings”).",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
)


def error(request, status: int, message: str, details=None):
    return api.create_response(request, {"error": message, "details": details or []}, status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request, exc):
    details = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", []) if p not in ("body", "query", "path", "payload")]
        details.append({"field": ".".join(loc) or "body", "message": e.get("msg", "invalid")})
    # NUL characters are removed before validation (see Input), which the schema cannot express: a value that
    # only fails once they are gone broke that rule, not the schema (400, not 422).
    status = 400 if _has_nul(request) else 422
    return error(request, status, _("Invalid input."), details)


def read_signed(request, secret: str | None, schema, *, source: str, by_alias: bool = False):
    """The JSON body of a webhook signed with a shared secret (header `X-Draht-Signature`, see core/signing.py),
    validated by the schema: (values, None), or (None, the error response: 401 unsigned, 400 a time without
    zone). Schema errors raise the usual 422."""
    from pydantic import ValidationError as PydanticValidationError

    from draht.core.signing import verify

    if not verify(secret or "", request.headers.get("X-Draht-Signature", ""), request.body):
        logging.getLogger(__name__).warning("%s refused: bad or missing signature", source)
        return None, error(request, 401, _("Invalid signature."))
    try:
        values = schema.model_validate_json(request.body).model_dump(by_alias=by_alias)
    except PydanticValidationError as exc:
        raise NinjaValidationError(exc.errors(include_url=False)) from None
    if values.get("at") is not None and values["at"].tzinfo is None:
        return None, error(request, 400, _("“at” needs a time zone."))
    return values, None


def _has_nul(request) -> bool:
    body = getattr(request, "_body", b"")  # only if it was read already (a multipart stream cannot be re-read)
    return b"\\u0000" in body or b"\x00" in body or "%00" in request.get_full_path()


@api.exception_handler(DjangoValidationError)
def on_rule_violation(request, exc):
    if hasattr(exc, "error_dict"):
        details = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
    else:
        details = [{"field": "body", "message": m} for m in exc.messages]
    return error(request, 400, _("The input breaks a rule."), details)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return error(request, 413, _("The request is too large."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def on_denied(request, exc):
    return error(request, 403, _("You may not do this."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, _("Authentication required: send a valid token."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def on_failure(request, exc):
    """Anything else: the API's error shape, never a traceback (not even with DEBUG on). An unreachable database or
    a full disk is 503, which a client may retry; the rest is 500 and logged."""
    from draht.core.errors import api_error, is_outage

    if is_outage(exc):
        logging.getLogger("draht.errors").warning("API answered 503 for %s: %s", request.path, type(exc).__name__)
        return api_error(503)
    logging.getLogger("draht.errors").error("API failed on %s", request.path, exc_info=exc)
    return api_error(500)


def register_routers():
    from draht.booking.api import router as booking_router
    from draht.cadence.api import router as cadence_router
    from draht.customers.api import router as customers_router
    from draht.inbox.api import router as inbox_router
    from draht.meetings.api import router as meetings_router
    from draht.outbox.api import router as outbox_router
    from draht.privacy.api import router as privacy_router
    from draht.promises.api import router as promises_router
    from draht.service.api import router as service_router
    from draht.telephony.api import router as telephony_router
    from draht.timeline.api import router as timeline_router
    from draht.transfer.api import router as transfer_router

    api.add_router("/", customers_router)
    api.add_router("/", timeline_router)
    api.add_router("/", cadence_router)
    api.add_router("/", transfer_router)
    api.add_router("/", privacy_router)
    api.add_router("/", telephony_router)
    api.add_router("/", inbox_router)
    api.add_router("/", outbox_router)
    api.add_router("/", promises_router)
    api.add_router("/", meetings_router)
    api.add_router("/", booking_router)
    api.add_router("/", service_router)


register_routers()
