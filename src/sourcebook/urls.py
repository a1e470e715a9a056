"""URL map: pages, exports, JSON API, admin. Areas add their own url lists to ``urlpatterns``."""

from django.contrib import admin
from django.urls import include, path, re_path

from sourcebook.api import api
from sourcebook.search import dates_page
from sourcebook.search import views as search_views
from sourcebook.web import site, views

handler404 = "sourcebook.web.site.not_found"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<str:public_id>/", views.document, name="document"),
    re_path(
        r"^documents/(?P<public_id>[^/]+?)\.(?P<extension>[a-z0-9.]+)$",
        views.document_export,
        name="document-export",
    ),
    path("search/", search_views.search_page, name="search"),
    path("dates/", dates_page.dates_page, name="dates"),
    path("language/", site.choose_language, name="language"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("sourcebook.authorities.urls")),
    path("", include("sourcebook.history.urls")),
]
urlpatterns.append(path("", include("sourcebook.citing.urls")))
urlpatterns.append(path("", include("sourcebook.curation.urls")))
urlpatterns.append(path("", include("sourcebook.scans.urls")))
urlpatterns.append(path("", include("sourcebook.related.urls")))
