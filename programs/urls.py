from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programme/", views.programme_detail, name="programme_detail"),
    path("programme/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("pilots/", views.coverage, name="coverage"),
    path("pilots/new/", views.pilot_create, name="pilot_create"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("pilots/<int:pk>/move/", views.pilot_move, name="pilot_move"),
    path("pilots/<int:pk>/replace/", views.pilot_replace, name="pilot_replace"),
    path("pilots/<int:pk>/evaluate/", views.evaluation_create, name="evaluation_create"),
    path("pilots/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("criteria/", views.criteria_list, name="criteria_list"),
    path("criteria/sets/new/", views.criteria_set_create, name="criteria_set_create"),
    path("criteria/sets/<int:pk>/edit/", views.criteria_set_edit, name="criteria_set_edit"),
    path("criteria/sets/<int:pk>/new/", views.criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/<int:area_pk>/<int:year>/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/confirm/", views.assessment_confirm, name="assessment_confirm"),
]
