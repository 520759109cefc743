"""The Celery application; tasks live in each app's tasks.py and take primary keys."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamky_kdc.settings.local")

app = Celery("tamky_kdc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
