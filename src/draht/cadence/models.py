from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageSnapshot(models.Model):
    """Coverage on one day for everyone, one owner or one team (the history behind the coverage chart)."""

    class Scope(models.TextChoices):
        ALL = "all", _("Everyone")
        OWNER = "owner", _("Owner")
        TEAM = "team", _("Team")

    day = models.DateField(_("day"))
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.CASCADE)
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.CASCADE)
    total = models.PositiveIntegerField(_("customers"))
    covered = models.PositiveIntegerField(_("covered"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(fields=["day"], condition=models.Q(scope="all"), name="coverage_all_per_day"),
            models.UniqueConstraint(fields=["day", "owner"], condition=models.Q(scope="owner"),
                                    name="coverage_owner_per_day"),
            models.UniqueConstraint(fields=["day", "team"], condition=models.Q(scope="team"),
                                    name="coverage_team_per_day"),
        ]
        indexes = [models.Index(fields=["scope", "day"], name="coverage_scope_day")]

    def __str__(self):
        return f"{self.day} {self.scope} {self.covered}/{self.total}"

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0
