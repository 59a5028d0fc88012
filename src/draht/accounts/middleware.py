import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Reachable without a second factor: signing in and out, setting one up, language and static files.
EXEMPT_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/accounts/webauthn/", "/i18n/",
                   "/static/", "/healthz")


class SessionIdleTimeoutMiddleware:
    """Signed out after DRAHT_SESSION_IDLE_SECONDS without a request (besides the absolute SESSION_COOKIE_AGE). The
    last request's time is written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("draht_seen")
            if isinstance(last, int) and now - last > settings.DRAHT_SESSION_IDLE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    from draht.core.errors import json_error

                    return json_error(401, _("The session ended after a time without activity."))
                from django.contrib import messages

                messages.info(request, _("You were signed out after a time without activity."))
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
            if not isinstance(last, int) or now - last >= 60:
                request.session["draht_seen"] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A session that needs a second factor reaches nothing but the second-factor pages until it has shown one,
    whatever URL it asks for. API tokens are not sessions: they were created by a verified user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES) and not user.is_verified():
            from .twofactor import needs_second_factor

            if needs_second_factor(user):
                return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request, user):
        if request.path.startswith("/api/"):
            from draht.core.errors import json_error

            return json_error(403, _("Confirm the sign-in with your second factor first."))
        target = reverse("accounts:second_factor_verify" if user.has_second_factor else "accounts:second_factor")
        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            from django.http import HttpResponse

            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
