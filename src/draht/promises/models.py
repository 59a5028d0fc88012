from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import PromiseStatus


class Promise(models.Model):
    """Something we promised a customer: what, who keeps it, by when (PRODUCT.md §4, seed 003 "Verlässlichkeit
    bei Versprechen"). Made in a call, meeting or e-mail (`interaction`) or on its own; its owner is reminded
    before the date and marks it kept or broken."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="promises", db_index=False)  # promise_customer leads with it
    interaction = models.ForeignKey("timeline.Interaction", verbose_name=_("made in"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="promises")
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who keeps it"), on_delete=models.PROTECT,
                              related_name="promises", db_index=False)  # promise_owner_open leads with it
    due_on = models.DateField(_("by when"))
    status = models.CharField(_("status"), max_length=10, choices=PromiseStatus.choices,
                              default=PromiseStatus.OPEN)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        indexes = [
            models.Index(fields=["owner", "due_on", "id"], name="promise_owner_open",
                         condition=Q(status="open")),
            models.Index(fields=["due_on", "id"], name="promise_open", condition=Q(status="open")),
            models.Index(fields=["due_on"], name="promise_to_remind",
                         condition=Q(status="open", reminded_at__isnull=True)),
            models.Index(fields=["customer", "due_on"], name="promise_customer"),
            # covers the reliability counts (promises/services.py reliability_table)
            models.Index(fields=["owner", "status", "due_on", "resolved_on"], name="promise_owner_status"),
        ]

    def __str__(self):
        return self.what
