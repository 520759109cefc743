"""tamky_kdc keeps no models: the audit trail now belongs to core and the summary to dashboards.

State only: the tables keep their names and rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("tamky_kdc", "0002_dashboard_summary"),
        ("core", "0001_audit_trail"),
        ("dashboards", "0001_activity_summary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="ActivityPeriodSummary"),
            ],
            database_operations=[],
        ),
    ]
