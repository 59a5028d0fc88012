"""Changes to users, their sending address and their tokens: one transaction each, audited."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.audit.models import log_action

from .models import ApiToken, SecurityPolicy, User

EMAIL_CHANGE_SALT = "draht.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = datetime.timedelta(hours=24)


def check_sender_domain(address: str, domains: list[str]) -> None:
    """Raises ValidationError unless the address is at one of the allowed domains (none listed: any)."""
    if not domains:
        return
    domain = address.rpartition("@")[2].lower()
    if domain not in domains:
        raise ValidationError(_("Sending addresses must be at %(domains)s.") % {"domains": ", ".join(domains)},
                              code="domain")


def email_change_token(user: User, new_address: str) -> str:
    """A signed link token naming the user, the new address and the address it replaces (so a token dies once
    the address changed otherwise)."""
    return signing.dumps({"u": user.pk, "new": new_address, "old": user.email}, salt=EMAIL_CHANGE_SALT,
                         compress=True)


def read_email_change_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None


@transaction.atomic
def request_email_change(user: User, new_address: str) -> None:
    """Queue the confirmation e-mail to the new address; the address changes when its link is opened."""
    from .tasks import send_email_change_confirmation

    User.objects.filter(pk=user.pk).update(pending_email=new_address)
    log_action("draht.user.email_change_requested", obj=user, user=user, data={"new": new_address})
    token = email_change_token(user, new_address)
    transaction.on_commit(lambda: send_email_change_confirmation.enqueue(user.pk, new_address, token,
                                                                         user.language))


@transaction.atomic
def confirm_email_change(user: User, token: str) -> bool:
    data = read_email_change_token(token)
    current = User.objects.select_for_update().get(pk=user.pk)
    if not data or data.get("u") != user.pk or data.get("old") != current.email:
        return False
    from .twofactor import policy

    check_sender_domain(data["new"], policy().domains)
    old = current.email
    current.email, current.pending_email = data["new"], ""
    current.save(update_fields=["email", "pending_email"])
    log_action("draht.user.email_changed", obj=current, user=user, data={"changes": {"email": [old, data["new"]]}})
    return True


@transaction.atomic
def set_extension(user: User, extension: str, *, by) -> None:
    old = user.phone_extension
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(phone_extension=extension)
    except IntegrityError:
        raise ValidationError({"phone_extension": _("Another user has this extension.")}, code="unique") from None
    user.phone_extension = extension
    log_action("draht.user.extension_set", obj=user, user=by, data={"changes": {"phone_extension": [old, extension]}})


@transaction.atomic
def revoke_tokens(user: User, *, by, reason: str) -> int:
    tokens = list(user.api_tokens.values_list("name", flat=True))
    user.api_tokens.all().delete()
    if tokens:
        log_action("draht.token.revoked_all", obj=user, user=by, data={"names": tokens, "reason": reason})
    return len(tokens)


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> None:
    log_action("draht.token.revoked", obj=token, user=by, data={"name": token.name, "user": token.user.username})
    token.delete()


@transaction.atomic
def issue_token(user: User, name: str, days: int | None):
    expires = timezone.now() + datetime.timedelta(days=days) if days else None
    token, raw = ApiToken.issue(user, name, expires_at=expires)
    log_action("draht.token.created", obj=token, user=user,
               data={"name": token.name, "expires_at": expires.isoformat() if expires else None})
    return token, raw


@transaction.atomic
def save_policy(*, by, roles: list[str], sender_domains: str) -> SecurityPolicy:
    from django.core.cache import cache

    from .twofactor import POLICY_CACHE_KEY

    policy = SecurityPolicy.objects.select_for_update().first() or SecurityPolicy()
    before = {"second_factor_roles": policy.second_factor_roles, "sender_domains": policy.sender_domains}
    policy.second_factor_roles, policy.sender_domains, policy.updated_by = roles, sender_domains, by
    policy.save()
    log_action("draht.security.policy_changed", obj=policy, user=by,
               data={"before": before, "after": {"second_factor_roles": roles, "sender_domains": sender_domains}})
    cache.delete(POLICY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(POLICY_CACHE_KEY))  # a reader in between may have cached the old
    return policy
