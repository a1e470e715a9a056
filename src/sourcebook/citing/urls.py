"""Routes of the citing app, included at the site root by sourcebook.urls."""

from django.urls import path, re_path

from . import oai, views

urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    re_path(r"^export\.(?P<extension>bib|ris|csl\.json)$", views.export_set, name="export-set"),
]
