"""The shared pages: health check and audit trail (names without a namespace, as before)."""

from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("audit/", views.audit_list, name="audit_list"),
]
