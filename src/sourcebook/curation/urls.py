from django.urls import path

from . import views

urlpatterns = [
    path("documents/<str:public_id>/edit/", views.edit, name="document-edit"),
    path("documents/<str:public_id>/changes/", views.changes, name="document-changes"),
    path("changes/", views.all_changes, name="changes"),
]
