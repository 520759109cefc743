from django.urls import path

from . import views
from .logbook.urls import urlpatterns as logbook_patterns

app_name = "wards"

urlpatterns = [
    path("wards/", views.ward_list, name="ward_list"),
    path("wards/new/", views.ward_create, name="ward_create"),
    path("wards/<int:pk>/edit/", views.ward_edit, name="ward_edit"),
    path("wards/<int:pk>/deactivate/", views.ward_deactivate, name="ward_deactivate"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/toggle/", views.area_toggle, name="area_toggle"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/toggle/", views.organisation_toggle, name="organisation_toggle"),
    path("lists/<str:kind>/", views.picklist, name="picklist"),
    path("lists/<str:kind>/new/", views.picklist_edit, name="picklist_create"),
    path("lists/<str:kind>/<int:pk>/edit/", views.picklist_edit, name="picklist_edit"),
    path("lists/<str:kind>/<int:pk>/toggle/", views.picklist_toggle, name="picklist_toggle"),
    path("settings/organisation/", views.configuration, name="configuration"),
    *logbook_patterns,
]
