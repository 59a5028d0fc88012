from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change: who did what (a dotted action code), when, to which customer, with the changed values."""

    action = models.CharField(_("action"), max_length=80)
    # No foreign key constraints in the database for this append-only log: Django sets the references to NULL
    # when a user or customer goes, and the checks cost every import row two lookups (decision 0003).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        db_constraint=False,
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        db_index=False,  # audit_customer_time leads with customer_id
        db_constraint=False,
    )
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["customer", "-created_at", "-id"], name="audit_customer_time")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


def log_action(action: str, *, obj, user=None, customer=None, data=None, object_id=None,
               object_type: str = "") -> AuditEntry:
    """Write one audit entry. Call inside the transaction that makes the change. `obj` may be None for an event
    about something that does not exist (a failed sign-in with an unknown name): then `object_type` names it."""
    return AuditEntry.objects.create(
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        customer=customer,
        object_type=obj._meta.model_name if obj is not None else object_type,
        object_id=object_id if object_id is not None else getattr(obj, "pk", None),
        data=data or {},
    )


def diff(before: dict, after: dict) -> dict:
    """The changed fields as {field: [old, new]}, JSON-safe."""
    changes = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            changes[key] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
