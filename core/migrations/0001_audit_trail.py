"""The audit trail moves from the tamky_kdc app to core; its table stays where it is (state only)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("tamky_kdc", "0002_dashboard_summary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='username')),
                ('action', models.CharField(choices=[('create', 'Created'), ('update', 'Changed'), ('delete', 'Deleted'), ('transition', 'Workflow move'), ('login', 'Logged in'), ('login_failed', 'Failed login'), ('logout', 'Logged out'), ('refused', 'Access refused')], db_index=True, max_length=20, verbose_name='action')),
                ('object_type', models.CharField(blank=True, db_index=True, max_length=100, verbose_name='record type')),
                ('object_id', models.CharField(blank=True, max_length=40, verbose_name='record id')),
                ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='record')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='changes')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='address')),
                ('path', models.CharField(blank=True, max_length=255, verbose_name='page')),
                ('detail', models.CharField(blank=True, max_length=255, verbose_name='detail')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'db_table': 'tamky_kdc_auditevent',
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit trail',
                'ordering': ['-at', '-pk'],
                'indexes': [models.Index(fields=['object_type', 'object_id'], name='tamky_kdc_a_object__2abdb7_idx')],
            },
        ),
            ],
            database_operations=[],
        ),
    ]
