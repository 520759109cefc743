"""WSGI entry point used by gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamky_kdc.settings.production")
application = get_wsgi_application()
# Everything loaded at start (Django, the apps, their modules) lives as long as the worker: frozen, the
# garbage collector no longer walks it, so the collections that run between requests stay short.
gc.freeze()
