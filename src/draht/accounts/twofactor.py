"""Second factors: TOTP apps, passkeys (WebAuthn) and recovery codes, on django-otp.

Who must use one is the owners' policy (SecurityPolicy, default owners and managers); whoever has set one up is
asked for it at every sign-in. `User.has_second_factor` is kept exact by the signals below, so the middleware
decides without a query per request."""

import secrets

import segno
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.helpers import WebAuthnHelper as _WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from draht.audit.models import log_action

from .models import SecurityPolicy, User

POLICY_CACHE_KEY = "draht.security-policy"
POLICY_CACHE_SECONDS = 10  # a changed policy applies in every process within this time
RECOVERY_CODES = 10
TOTP_NAME = "Authenticator-App"
RECOVERY_NAME = "Recovery codes"


# --- rules -------------------------------------------------------------------------------------------------------
def policy() -> SecurityPolicy:
    """The security policy (one row, created on first use), cached briefly per process."""
    found = cache.get(POLICY_CACHE_KEY)
    if found is None:
        found = SecurityPolicy.objects.first() or SecurityPolicy.objects.create()
        cache.set(POLICY_CACHE_KEY, found, POLICY_CACHE_SECONDS)
    return found


def role_needs_second_factor(role: str, roles: list[str]) -> bool:
    return role in roles


def needs_second_factor(user) -> bool:
    """Must this user show a second factor before using draht? Those who set one up always; others when the
    policy names their role."""
    return user.has_second_factor or role_needs_second_factor(user.role, policy().second_factor_roles)


# --- devices -----------------------------------------------------------------------------------------------------
DEVICE_MODELS = (TOTPDevice, StaticDevice, WebAuthnCredential)


def sync_second_factor(user_id: int) -> None:
    """Recompute User.has_second_factor from the confirmed devices (TOTP and passkeys; recovery codes alone are
    not a factor)."""
    has = (TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()
           or WebAuthnCredential.objects.filter(user_id=user_id, confirmed=True).exists())
    User.objects.filter(pk=user_id).exclude(has_second_factor=has).update(has_second_factor=has)


@receiver(post_save, sender=TOTPDevice)
@receiver(post_save, sender=WebAuthnCredential)
@receiver(post_delete, sender=TOTPDevice)
@receiver(post_delete, sender=WebAuthnCredential)
def _device_changed(sender, instance, **kwargs):
    sync_second_factor(instance.user_id)


@receiver(post_save, sender=WebAuthnCredential)
def _passkey_audited(sender, instance, created, **kwargs):
    if created:
        log_action("draht.auth.passkey_added", obj=instance.user, user=instance.user, data={"name": instance.name})


def start_totp(user) -> TOTPDevice:
    """A new TOTP secret, unconfirmed until the user types a code from the app (replaces an unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as a QR code, an SVG data URI made here (no image service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_totp(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.replace(" ", "")):
        return False
    device.confirmed = True
    device.save()
    log_action("draht.auth.totp_added", obj=device.user, user=device.user, data={})
    return True


def new_recovery_codes(user) -> list[str]:
    """Ten single-use codes, replacing earlier ones; shown once."""
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    codes = [f"{c[:5]}-{c[5:]}" for c in codes]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME,
                                                               defaults={"confirmed": True})
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
        log_action("draht.auth.recovery_codes_made", obj=user, user=user, data={"count": len(codes)})
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, token: str):
    """The device that accepts this code (TOTP or a recovery code, which is then used up), or None. django-otp
    throttles each device after failures (waits that double)."""
    token = token.strip()
    candidates = [token.replace(" ", ""), token]  # recovery codes keep their dash
    with transaction.atomic():  # the devices are locked while checked: a code (and a throttle step) counts once
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, WebAuthnCredential):
                continue
            for candidate in dict.fromkeys(candidates):
                if device.verify_token(candidate):
                    return device
    return None


@transaction.atomic
def remove_all(user, *, by) -> None:
    """An owner resets a user's second factors (a lost phone): the user sets one up again at the next sign-in."""
    for model in DEVICE_MODELS:
        model.objects.filter(user=user).delete()
    sync_second_factor(user.pk)
    log_action("draht.auth.second_factor_reset", obj=user, user=by, data={"username": user.username})


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True)


@transaction.atomic
def remove_device(user, device, *, by) -> None:
    device.delete()
    sync_second_factor(user.pk)
    log_action("draht.auth.second_factor_removed", obj=user, user=by, data={"kind": type(device).__name__})


# --- passkeys (django-otp-webauthn) ----------------------------------------------------------------------------
def relying_party_id(request) -> str:
    """A passkey belongs to the host name draht is reached at (no port)."""
    return request.get_host().rsplit(":", 1)[0] if not request.get_host().endswith("]") else request.get_host()


class WebAuthnHelper(_WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        """The configured origins and the page's own (its host passed ALLOWED_HOSTS)."""
        own = f"{self.request.scheme}://{self.request.get_host()}"
        return list(dict.fromkeys([*super().get_allowed_origins(), own]))
