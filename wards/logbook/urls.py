"""URL patterns of the logbook, included by wards/urls.py (namespace "wards").

Each record kind has the same nine pages; the views take the kind as a keyword argument."""

from django.urls import path

from . import views, views_import

urlpatterns = [
    # Excel imports: the start page and template of each kind, then an import's own pages
    *(
        pattern
        for prefix, kind in (
            ("areas", "area"),
            ("models", "model"),
            ("activities", "activity"),
            ("covenants", "covenant"),
        )
        for pattern in (
            path(f"{prefix}/import/", views_import.import_start, {"kind": kind}, name=f"{kind}_import"),
            path(
                f"{prefix}/import/template/",
                views_import.import_template,
                {"kind": kind},
                name=f"{kind}_import_template",
            ),
        )
    ),
    path("imports/<int:pk>/", views_import.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", views_import.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/status/", views_import.import_status, name="import_status"),
    # activities
    path("activities/", views.record_list, {"kind": "activity"}, name="activity_list"),
    path("activities/new/", views.record_create, {"kind": "activity"}, name="activity_create"),
    path("activities/areas/", views.area_options, name="activity_area_options"),
    path(
        "activities/export/xlsx/",
        views.record_export,
        {"kind": "activity", "fmt": "xlsx"},
        name="activity_export_xlsx",
    ),
    path(
        "activities/export/csv/",
        views.record_export,
        {"kind": "activity", "fmt": "csv"},
        name="activity_export_csv",
    ),
    path("activities/<int:pk>/", views.record_detail, {"kind": "activity"}, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.record_edit, {"kind": "activity"}, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.record_delete, {"kind": "activity"}, name="activity_delete"),
    path("activities/<int:pk>/restore/", views.record_restore, {"kind": "activity"}, name="activity_restore"),
    path(
        "activities/<int:pk>/files/",
        views.evidence_upload,
        {"kind": "activity"},
        name="activity_evidence_upload",
    ),
    # models
    path("models/", views.record_list, {"kind": "model"}, name="model_list"),
    path("models/new/", views.record_create, {"kind": "model"}, name="model_create"),
    path(
        "models/export/xlsx/", views.record_export, {"kind": "model", "fmt": "xlsx"}, name="model_export_xlsx"
    ),
    path("models/export/csv/", views.record_export, {"kind": "model", "fmt": "csv"}, name="model_export_csv"),
    path("models/<int:pk>/", views.record_detail, {"kind": "model"}, name="model_detail"),
    path("models/<int:pk>/edit/", views.record_edit, {"kind": "model"}, name="model_edit"),
    path("models/<int:pk>/delete/", views.record_delete, {"kind": "model"}, name="model_delete"),
    path("models/<int:pk>/restore/", views.record_restore, {"kind": "model"}, name="model_restore"),
    path("models/<int:pk>/files/", views.evidence_upload, {"kind": "model"}, name="model_evidence_upload"),
    # covenants
    path("covenants/", views.record_list, {"kind": "covenant"}, name="covenant_list"),
    path("covenants/new/", views.record_create, {"kind": "covenant"}, name="covenant_create"),
    path(
        "covenants/export/xlsx/",
        views.record_export,
        {"kind": "covenant", "fmt": "xlsx"},
        name="covenant_export_xlsx",
    ),
    path(
        "covenants/export/csv/",
        views.record_export,
        {"kind": "covenant", "fmt": "csv"},
        name="covenant_export_csv",
    ),
    path("covenants/<int:pk>/", views.record_detail, {"kind": "covenant"}, name="covenant_detail"),
    path("covenants/<int:pk>/edit/", views.record_edit, {"kind": "covenant"}, name="covenant_edit"),
    path("covenants/<int:pk>/delete/", views.record_delete, {"kind": "covenant"}, name="covenant_delete"),
    path("covenants/<int:pk>/restore/", views.record_restore, {"kind": "covenant"}, name="covenant_restore"),
    path(
        "covenants/<int:pk>/files/",
        views.evidence_upload,
        {"kind": "covenant"},
        name="covenant_evidence_upload",
    ),
    # the replication tree and evidence files
    path("models/<int:pk>/replicas/", views.model_replicas, name="model_replicas"),
    path("files/<int:pk>/", views.evidence_download, name="evidence"),
    path("files/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("files/<int:pk>/thumbnail/", views.evidence_download, {"thumb": True}, name="evidence_thumbnail"),
]
