"""URL patterns of the logbook, included by wards/urls.py."""

from django.urls import path

from . import views, views_import

PREFIXES = {"activity": "activities", "model": "models", "covenant": "covenants"}


def _patterns():
    for kind, prefix in PREFIXES.items():
        k = {"kind": kind}
        yield path(f"{prefix}/", views.record_list, k, name=f"{kind}_list")
        yield path(f"{prefix}/new/", views.record_create, k, name=f"{kind}_create")
        yield path(
            f"{prefix}/export/xlsx/", views.record_export, {**k, "fmt": "xlsx"}, name=f"{kind}_export_xlsx"
        )
        yield path(
            f"{prefix}/export/csv/", views.record_export, {**k, "fmt": "csv"}, name=f"{kind}_export_csv"
        )
        yield path(f"{prefix}/<int:pk>/", views.record_detail, k, name=f"{kind}_detail")
        yield path(f"{prefix}/<int:pk>/edit/", views.record_edit, k, name=f"{kind}_edit")
        yield path(f"{prefix}/<int:pk>/delete/", views.record_delete, k, name=f"{kind}_delete")
        yield path(f"{prefix}/<int:pk>/restore/", views.record_restore, k, name=f"{kind}_restore")
        yield path(f"{prefix}/<int:pk>/files/", views.evidence_upload, k, name=f"{kind}_evidence_upload")


urlpatterns = [
    path("activities/import/", views_import.import_start, name="activity_import"),
    path("activities/import/template/", views_import.import_template, name="activity_import_template"),
    path("activities/import/<int:pk>/", views_import.import_preview, name="activity_import_preview"),
    path("activities/import/<int:pk>/confirm/", views_import.import_confirm, name="activity_import_confirm"),
    path("activities/import/<int:pk>/status/", views_import.import_status, name="activity_import_status"),
    *_patterns(),
    path("models/<int:pk>/replicas/", views.model_replicas, name="model_replicas"),
    path("files/<int:pk>/", views.evidence_download, name="evidence"),
    path("files/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("files/<int:pk>/thumbnail/", views.evidence_download, {"thumb": True}, name="evidence_thumbnail"),
]
