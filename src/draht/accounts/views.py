from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from draht.audit.models import log_action

from . import permissions, services, twofactor
from .choices import Role
from .forms import (
    CodeForm,
    EmailChangeForm,
    ExtensionForm,
    PasswordChangeWithTokensForm,
    PasswordConfirmForm,
    PolicyForm,
    ProfileForm,
    TokenForm,
)
from .models import ApiToken, User


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def revoked_text(count: int) -> str:
    return ngettext("%(count)s API token was revoked.", "%(count)s API tokens were revoked.", count) % {
        "count": count}


def _next(request, default="cadence:due_list"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(default)


# --- my settings ---------------------------------------------------------------------------------------------
def _profile_context(request, **extra):
    return {"form": ProfileForm(instance=request.user), "tokens": request.user.api_tokens.all(),
            "token_form": TokenForm(), "now": timezone.now(),
            "email_form": EmailChangeForm(user=request.user, domains=twofactor.policy().domains)} | extra


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            log_action("draht.user.settings_changed", obj=request.user, user=request.user,
                       data={"changed": sorted(form.changed_data)})
        messages.success(request, _("Your settings were saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"],
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", _profile_context(request, form=form),
                  status=400 if form.errors else 200)


@login_required
@sensitive_post_parameters("password")
@require_POST
def email_change(request):
    form = EmailChangeForm(request.POST, user=request.user, domains=twofactor.policy().domains)
    if not form.is_valid():
        return render(request, "accounts/profile.html", _profile_context(request, email_form=form), status=400)
    services.request_email_change(request.user, form.cleaned_data["email"])
    messages.success(request, _("We sent a link to %(address)s. Your sending address changes when you open it.")
                     % {"address": form.cleaned_data["email"]})
    return redirect("accounts:profile")


@login_required
def email_confirm(request, token):
    data = services.read_email_change_token(token)
    valid = bool(data) and data.get("u") == request.user.pk and data.get("old") == request.user.email
    if request.method == "POST" and valid:
        try:
            confirmed = services.confirm_email_change(request.user, token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:profile")
        if confirmed:
            messages.success(request, _("Your sending address is now %(address)s.") % {"address": data["new"]})
            return redirect("accounts:profile")
        valid = False
    return render(request, "accounts/email_confirm.html", {"valid": valid, "address": (data or {}).get("new")},
                  status=200 if valid else 400)


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    form = PasswordChangeWithTokensForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            request.user.set_password(form.cleaned_data["new_password1"])
            request.user.save(update_fields=["password"])
            log_action("draht.user.password_changed", obj=request.user, user=request.user, data={})
            revoked = (services.revoke_tokens(request.user, by=request.user, reason="password changed")
                       if form.cleaned_data["revoke_tokens"] else 0)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password was changed.") + (
            " " + revoked_text(revoked) if revoked else ""))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/profile.html", _profile_context(request, token_form=form), status=400)
    _token, raw = services.issue_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
    return render(request, "accounts/profile.html", _profile_context(request, new_token=raw))


@login_required
@require_POST
def token_delete(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token, by=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


# --- second factor ---------------------------------------------------------------------------------------------
@login_required
def second_factor(request):
    """Overview and set-up: an authenticator app, passkeys, recovery codes."""
    user = request.user
    return render(request, "accounts/second_factor.html", {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "passkeys": twofactor.passkeys(user), "codes_left": twofactor.recovery_codes_left(user),
        "required": twofactor.role_needs_second_factor(user.role, twofactor.policy().second_factor_roles),
        "verified": user.is_verified(), "next": _next(request),
    })


@login_required
def totp_setup(request):
    user = request.user
    if user.has_second_factor and not user.is_verified():
        return redirect("accounts:second_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        first = not user.has_second_factor
        if twofactor.confirm_totp(device, form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("The authenticator app is set up."))
            if first or not twofactor.recovery_codes_left(user):
                return _show_recovery_codes(request)
            return redirect(_next(request))
        form.add_error("code", _("This code is not right. Check the time on your phone and type the newest code."))
    if device is None or request.method == "GET":
        device = twofactor.start_totp(user)
    return render(request, "accounts/totp_setup.html", {
        "form": form, "qr": twofactor.totp_qr_svg(device), "secret": twofactor.totp_secret(device),
        "next": _next(request)}, status=400 if form.errors else 200)


def _show_recovery_codes(request):
    codes = twofactor.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:second_factor_verify")
    return _show_recovery_codes(request)


@login_required
def verify(request):
    """The second step of signing in: a code from the app, a recovery code, or a passkey."""
    user = request.user
    if not user.has_second_factor:
        return redirect("accounts:second_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            log_action("draht.auth.second_factor_passed", obj=user, user=user,
                       data={"kind": type(device).__name__})
            if type(device).__name__ == "StaticDevice":
                left = twofactor.recovery_codes_left(user)
                messages.warning(request, ngettext("You used a recovery code; %(count)s is left.",
                                                   "You used a recovery code; %(count)s are left.", left)
                                 % {"count": left})
            return redirect(_next(request))
        log_action("draht.auth.second_factor_failed", obj=user, user=user, data={})
        form.add_error("code", _("This code is not right (or you tried too often: wait a little)."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request),
                                                    "has_passkeys": twofactor.passkeys(user).exists()},
                  status=400 if form.errors else 200)


@login_required
@sensitive_post_parameters("password")
@require_POST
def remove_second_factor(request, kind, pk):
    user = request.user
    if not user.is_verified():
        return redirect("accounts:second_factor_verify")
    form = PasswordConfirmForm(request.POST, user=user)
    model = {"totp": TOTPDevice, "passkey": twofactor.WebAuthnCredential}.get(kind)
    device = get_object_or_404(model, pk=pk, user=user) if model else None
    if device is None or not form.is_valid():
        messages.error(request, _("Enter your password to remove a second factor."))
        return redirect("accounts:second_factor")
    totps, keys = TOTPDevice.objects.filter(user=user, confirmed=True), twofactor.passkeys(user)
    if kind == "totp":
        totps = totps.exclude(pk=device.pk)
    else:
        keys = keys.exclude(pk=device.pk)
    remaining = totps.exists() or keys.exists()
    if not remaining and twofactor.role_needs_second_factor(user.role, twofactor.policy().second_factor_roles):
        messages.error(request, _("Your role needs a second factor: add another before removing this one."))
        return redirect("accounts:second_factor")
    twofactor.remove_device(user, device, by=user)
    messages.success(request, _("The second factor was removed."))
    return redirect("accounts:second_factor")


# --- users and security (owners, managers) ------------------------------------------------------------------------
def _locked_out_attempts():
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (AccessAttempt.objects.filter(attempt_time__gte=since)
            .values("username", "ip_address").annotate(failures=Sum("failures_since_start"), rows=Count("id"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("username"))


@login_required
def user_list(request):
    permissions.require(permissions.can_manage_users(request.user))
    users = User.objects.select_related("team").annotate(tokens=Count("api_tokens")).order_by("username")
    return render(request, "accounts/users.html", {
        "users": users, "locked": list(_locked_out_attempts()),
        "can_manage_security": permissions.can_manage_security(request.user),
        "policy_roles": twofactor.policy().second_factor_roles,
    })


@login_required
def user_detail(request, pk):
    permissions.require(permissions.can_manage_users(request.user))
    person = get_object_or_404(User.objects.select_related("team"), pk=pk)
    form = ExtensionForm(request.POST or None, initial={"phone_extension": person.phone_extension})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_extension(person, form.cleaned_data["phone_extension"], by=request.user)
        except ValidationError as error:
            form.add_error("phone_extension", error.message_dict["phone_extension"])
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user", person.pk)
    return render(request, "accounts/user.html", {
        "person": person, "form": form, "tokens": person.api_tokens.all(), "now": timezone.now(),
        "can_manage_security": permissions.can_manage_security(request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def user_revoke_tokens(request, pk):
    permissions.require(permissions.can_manage_security(request.user))
    person = get_object_or_404(User, pk=pk)
    count = services.revoke_tokens(person, by=request.user, reason="revoked by an owner")
    messages.success(request, revoked_text(count))
    return redirect("accounts:user", person.pk)


@login_required
@require_POST
def user_reset_second_factor(request, pk):
    permissions.require(permissions.can_manage_security(request.user))
    person = get_object_or_404(User, pk=pk)
    twofactor.remove_all(person, by=request.user)
    messages.success(request, _("The second factors of %(name)s were removed; a new one is set up at the next "
                                "sign-in.") % {"name": person})
    return redirect("accounts:user", person.pk)


@login_required
@require_POST
def unlock(request):
    permissions.require(permissions.can_manage_security(request.user))
    username, ip = request.POST.get("username") or None, request.POST.get("ip") or None
    if not username and not ip:
        return redirect("accounts:users")
    with transaction.atomic():
        count = axes_reset(username=username) if username else 0
        count += axes_reset(ip=ip) if ip else 0
        log_action("draht.auth.unlocked", obj=None, object_type="user", user=request.user,
                   data={"username": username or "", "ip": ip or "", "attempts": count})
    messages.success(request, _("Signing in is possible again for %(who)s.") % {"who": username or ip})
    return redirect("accounts:users")


@login_required
def security(request):
    permissions.require(permissions.can_manage_security(request.user))
    current = twofactor.policy()
    form = PolicyForm(request.POST or None, initial={"second_factor_roles": current.second_factor_roles,
                                                     "sender_domains": current.sender_domains})
    if request.method == "POST" and form.is_valid():
        services.save_policy(by=request.user, roles=form.cleaned_data["second_factor_roles"],
                             sender_domains=form.cleaned_data["sender_domains"])
        messages.success(request, _("The security settings were saved."))
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {"form": form, "roles": Role},
                  status=400 if form.errors else 200)
