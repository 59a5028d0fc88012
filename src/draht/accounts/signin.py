"""Signing in: every success and failure in the audit log (who, from where, when), and the page shown when
django-axes refuses an account or address after too many failures."""

import datetime

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from draht.audit.models import log_action


def _where(request) -> dict:
    if request is None:
        return {}
    return {"ip": get_client_ip_address(request) or "", "user_agent": request.headers.get("User-Agent", "")[:200]}


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    import time

    if request is not None and hasattr(request, "session"):
        request.session["draht_seen"] = int(time.time())  # the idle timeout counts from here
    log_action("draht.auth.signed_in", obj=user, user=user, data=_where(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        log_action("draht.auth.signed_out", obj=user, user=user, data=_where(request))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    from .models import User

    username = (credentials or {}).get("username") or ""
    user = User.objects.filter(username=username).first() if username else None
    log_action("draht.auth.sign_in_failed", obj=user, object_type="user", user=None,
               data={"username": username[:150], **_where(request)})


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_action("draht.auth.locked_out", obj=None, object_type="user",
               data={"username": (username or "")[:150], "ip": ip_address or ""})


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page with a plain explanation, 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME / datetime.timedelta(minutes=1))
    until = timezone.localtime() + settings.AXES_COOLOFF_TIME
    response = render(request, "accounts/locked_out.html", {"minutes": minutes, "until": until}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
