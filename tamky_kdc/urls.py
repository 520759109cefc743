"""The portal's URLs: each app under its own namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("audit/", views.audit_list, name="audit_list"),
    path("wards/<int:pk>/overview/", views.ward_page, name="ward_page"),
    path("home/remind/<int:pk>/", views.remind_unit, name="remind_unit"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("wards.urls")),
    path("", include("programs.urls")),
    path("", include("reports.urls")),
]

handler403 = "tamky_kdc.views.error_403"
handler404 = "tamky_kdc.views.error_404"
handler500 = "tamky_kdc.views.error_500"
