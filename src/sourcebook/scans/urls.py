from django.urls import path

from . import views

urlpatterns = [
    path("documents/<str:public_id>/scans/", views.viewer, name="scans-viewer"),
    path("iiif/<str:public_id>/manifest.json", views.manifest, name="iiif-manifest"),
    path("iiif/collection/<slug:slug>.json", views.collection, name="iiif-collection"),
    path(
        "iiif/<str:public_id>/annotations/<int:number>.json",
        views.annotations,
        name="iiif-annotations",
    ),
    path("iiif/image/<str:public_id>/<int:number>", views.image_base, name="iiif-image-base"),
    path("iiif/image/<str:public_id>/<int:number>/info.json", views.info_json, name="iiif-info"),
    path(
        "iiif/image/<str:public_id>/<int:number>/<str:region>/<str:size>/<str:rotation>/<str:name>",
        views.image,
        name="iiif-image",
    ),
]
