from django.urls import path

from . import views

app_name = "reorganisation"

urlpatterns = [
    path("reorganisations/", views.reorganisation_list, name="list"),
    path("reorganisations/new/", views.reorganisation_create, name="create"),
    path("reorganisations/<int:pk>/", views.reorganisation_detail, name="detail"),
    path("reorganisations/<int:pk>/undo/", views.reorganisation_undo, name="undo"),
]
