from django.urls import path

from . import views

urlpatterns = [
    path("persons/", views.persons, name="persons"),
    path("persons/<slug:slug>/", views.person, name="person"),
    path("persons/<slug:slug>/links/", views.review_person, name="person-links"),
    path("persons/<slug:slug>/reject/", views.reject_person, name="person-reject"),
    path("persons/<slug:slug>/restore/", views.restore_person, name="person-restore"),
    path("proposed/", views.proposed_persons, name="proposed"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<slug:slug>/", views.organization, name="organization"),
    path("organizations/<slug:slug>/links/", views.review_organization, name="organization-links"),
    path("places/", views.places, name="places"),
    path("places/<slug:slug>/", views.place, name="place"),
    path("places/<slug:slug>/links/", views.review_place, name="place-links"),
    path("collections/", views.collections, name="collections"),
    path("collections/<slug:slug>/", views.collection, name="collection"),
    path("collections/<slug:slug>.tei.xml", views.collection_tei, name="collection-tei"),
]
