from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One run of a periodic job for one time slot. The unique slot is the claim: however many schedulers
    run, each slot's task is queued once."""

    job = models.CharField(_("job"), max_length=60)
    slot = models.DateTimeField(_("slot"))
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        ordering = ["-slot"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="periodicrun_unique_slot")]

    def __str__(self):
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written every half minute: a running task whose worker fell silent (killed,
    machine gone) is recovered by the `task_recovery` job."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id
