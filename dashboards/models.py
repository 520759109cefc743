"""The summary table behind the home pages, kept by the write path."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityPeriodSummary(models.Model):
    """Activities of one unit and one content area inside one period's data window.

    Kept equal to the live count by dashboards.summaries (signals on every activity and period write;
    `refresh_all` after bulk inserts), so the city dashboard reads a few thousand rows, not every activity.
    """

    # Plain ids, not foreign keys: this table is derived data, rebuilt from the activities at will
    # (refresh_all), and the audit trail's migration must stay ahead of the other apps' data migrations.
    period_id = models.PositiveBigIntegerField(db_index=True)
    ward_id = models.PositiveBigIntegerField(null=True, blank=True)
    organisation_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_area_id = models.PositiveBigIntegerField()
    activities = models.PositiveIntegerField(default=0)
    funds = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)
    households = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("activity summary")
        verbose_name_plural = _("activity summaries")
        db_table = "tamky_kdc_activityperiodsummary"  # the table predates the dashboards app
        indexes = [models.Index(fields=["period_id", "ward_id"], name="tamky_kdc_a_period__d78dba_idx")]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.ward_id or '-'}/{self.organisation_id or '-'}: {self.activities}"
