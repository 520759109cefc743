"""The activity summary moves from the tamky_kdc app to dashboards; its table stays (state only)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("tamky_kdc", "0002_dashboard_summary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
            name='ActivityPeriodSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_id', models.PositiveBigIntegerField(db_index=True)),
                ('ward_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('organisation_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('content_area_id', models.PositiveBigIntegerField()),
                ('activities', models.PositiveIntegerField(default=0)),
                ('funds', models.BigIntegerField(default=0)),
                ('participants', models.BigIntegerField(default=0)),
                ('households', models.BigIntegerField(default=0)),
            ],
            options={
                'db_table': 'tamky_kdc_activityperiodsummary',
                'verbose_name': 'activity summary',
                'verbose_name_plural': 'activity summaries',
                'indexes': [models.Index(fields=['period_id', 'ward_id'], name='tamky_kdc_a_period__d78dba_idx')],
            },
        ),
            ],
            database_operations=[],
        ),
    ]
