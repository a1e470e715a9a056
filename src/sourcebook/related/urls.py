from django.urls import path

from . import views

urlpatterns = [
    path("documents/<str:public_id>/file/", views.archival_file, name="archival-file"),
]
