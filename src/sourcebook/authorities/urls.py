from django.urls import path

from . import views

urlpatterns = [
    path("persons/", views.persons, name="persons"),
    path("persons/<slug:slug>/", views.person, name="person"),
    path("collections/", views.collections, name="collections"),
    path("collections/<slug:slug>/", views.collection, name="collection"),
    path("collections/<slug:slug>.tei.xml", views.collection_tei, name="collection-tei"),
]
