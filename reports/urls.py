from django.urls import path

from . import views, views_compiled

app_name = "reports"

urlpatterns = [
    path("periods/", views.period_list, name="period_list"),
    path("periods/<str:code>/edit/", views.period_edit, name="period_edit"),
    path("periods/<str:code>/units/", views.period_units, name="period_units"),
    path("periods/<str:code>/", views.period_dashboard, name="period_dashboard"),
    path("periods/<str:code>/export.xlsx", views.period_export, name="period_export"),
    path("reports/mine/", views.my_reports, name="my_reports"),
    path("reports/waiting/", views.review_queue, name="review_queue"),
    path("reports/start/<str:code>/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/diff/", views.report_diff, name="report_diff"),
    path("reports/<int:pk>/records/<str:kind>/", views.report_records, name="report_records"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/docx/", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/scan/", views.report_scan, name="report_scan"),
    path("reports/<int:pk>/scan/download/", views.report_scan_download, name="report_scan_download"),
    path("periods/<str:code>/compile/", views_compiled.compile_request, name="compile"),
    path("compiled/", views_compiled.compiled_list, name="compiled_list"),
    path("compiled/<int:pk>/", views_compiled.compiled_detail, name="compiled_detail"),
    path("compiled/<int:pk>/status/", views_compiled.compiled_status, name="compiled_status"),
    path("compiled/<int:pk>/publish/", views_compiled.compiled_publish, name="compiled_publish"),
    path(
        "compiled/<int:pk>/download/<str:kind>/",
        views_compiled.compiled_download,
        name="compiled_download",
    ),
    path("notifications/", views.notification_list, name="notification_list"),
]
