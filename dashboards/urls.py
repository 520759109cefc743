"""Home pages and the ward page (names without a namespace, as before)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("wards/<int:pk>/overview/", views.ward_page, name="ward_page"),
    path("home/remind/<int:pk>/", views.remind_unit, name="remind_unit"),
    path("help/", views.help_page, name="help"),
]
