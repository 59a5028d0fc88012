import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Role

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]


class Team(models.Model):
    """A group of users; customers belong to their owner's team for visibility and coverage."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person working with draht, with one role and an optional team."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ACCOUNT_MANAGER)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="de")
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="Europe/Vienna")
    phone_extension = models.CharField(_("phone extension"), max_length=20, blank=True,
                                       help_text=_("The extension the telephone system names for this user."))
    email_signature = models.TextField(_("e-mail signature"), blank=True,
                                       help_text=_("Put where an e-mail says {signature}."))
    pending_email = models.EmailField(_("new address awaiting confirmation"), blank=True, editable=False)
    # Kept exact by signals on the device models (twofactor.py): the middleware reads it on every request.
    has_second_factor = models.BooleanField(_("second factor set up"), default=False, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # the telephone system names a user by extension: two users with one extension would get each
            # other's calls
            models.UniqueConstraint(fields=["phone_extension"], condition=~models.Q(phone_extension=""),
                                    name="user_phone_extension_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        """has_second_factor belongs to the device signals (twofactor.py): a save of an instance loaded before a
        device was added must not set it back."""
        if self.pk and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name != "has_second_factor"]
        super().save(*args, **kwargs)

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.OWNER, Role.MANAGER) or not settings.DRAHT_TEAM_VISIBILITY


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its hash is stored, the token is shown once."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True,
                                      help_text=_("Empty: valid until revoked."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str, expires_at=None) -> tuple["ApiToken", str]:
        raw = "dr_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], token_hash=hash_token(raw),
                                   expires_at=expires_at)
        return token, raw


def default_second_factor_roles() -> list[str]:
    return [Role.OWNER, Role.MANAGER]


class SecurityPolicy(models.Model):
    """The owners' security choices for this draht (one row): which roles must sign in with a second factor, and
    which domains users may send e-mail from."""

    second_factor_roles = models.JSONField(_("roles that need a second factor"), default=default_second_factor_roles,
                                           blank=True)
    sender_domains = models.TextField(
        _("sending domains"), blank=True,
        help_text=_("One domain per line, e.g. example.at. Users may send e-mail only from addresses at these "
                    "domains; empty: any confirmed address."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(User, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policies")

    def __str__(self):
        return "security policy"

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.sender_domains.split() if d.strip()]
