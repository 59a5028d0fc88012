from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ConsentMethod, ConsentPurpose, MergeKind


class Consent(models.Model):
    """A consent a person gave (newsletter): what, when, how, and the exact text they agreed to."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="consents")
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices,
                               default=ConsentPurpose.NEWSLETTER)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    text_version = models.CharField(_("text version"), max_length=40)
    text = models.TextField(_("consent text"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["customer", "purpose"], name="consent_customer_purpose")]

    def __str__(self):
        return f"{self.purpose} {self.given_at:%Y-%m-%d}"


class Erasure(models.Model):
    """What an erasure removed, in anonymous counts only: the proof that it happened, without the person."""

    kind = models.CharField(_("kind"), max_length=12, choices=MergeKind.choices)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("erased by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.kind} {self.erased_at:%Y-%m-%d}"


class Merge(models.Model):
    """Two records merged into one, with what is needed to take it back within 30 days."""

    kind = models.CharField(_("kind"), max_length=12, choices=MergeKind.choices)
    kept_id = models.BigIntegerField(_("kept"))
    merged_id = models.BigIntegerField(_("merged"))
    undo = models.JSONField(_("undo data"), default=dict)
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("merged by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(_("taken back"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self):
        return f"{self.kind} {self.merged_id} → {self.kept_id}"

    @property
    def can_undo(self) -> bool:
        return self.undone_at is None and (timezone.now() - self.merged_at).days < settings.DRAHT_MERGE_UNDO_DAYS


class RetentionCandidate(models.Model):
    """A prospect without any interaction for the retention period, listed by the periodic job for erasure."""

    customer = models.OneToOneField("customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE,
                                    related_name="+")
    listed_at = models.DateTimeField(_("listed"), default=timezone.now)

    class Meta:
        ordering = ["listed_at", "id"]
        verbose_name = _("retention candidate")
        verbose_name_plural = _("retention candidates")

    def __str__(self):
        return str(self.customer_id)
