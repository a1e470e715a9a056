"""Routes of the public history, included at the site root by sourcebook.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("documents/<str:public_id>/history/", views.history, name="document-history"),
    path("documents/<str:public_id>/v/<int:number>/", views.version, name="document-version"),
    path(
        "documents/<str:public_id>/diff/<int:a>..<int:b>/",
        views.compare,
        name="document-diff",
    ),
]
