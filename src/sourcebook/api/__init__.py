"""The JSON API under /api/ (django-ninja; schema at /api/openapi.json).

Areas add routers with ``api.add_router``, or register a loader of their router in their
``AppConfig.ready()`` (:mod:`sourcebook.apiroutes`); each router lives beside the area it serves.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.errors import ValidationError

from sourcebook import __version__, apiroutes

from .openapi import components


class SourcebookAPI(NinjaAPI):
    """The API whose schema also holds the answers' models (:mod:`.openapi`)."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {}).update(components())
        return schema


api = SourcebookAPI(
    title="Sourcebook API",
    version=__version__,
    description="Documents, search and harvesting for a Sourcebook archive.",
    docs_url=None,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _bad_parameter(request, exc: ValidationError):
    """A parameter of the wrong type (``page=abc``) is the client's mistake: 400, not 422."""
    return api.create_response(request, {"detail": exc.errors}, status=400)


from sourcebook.authorities import api as _authorities  # noqa: E402,F401
from sourcebook.search import api as _search  # noqa: E402,F401

from . import documents as _documents  # noqa: E402,F401

if not apps.ready:  # imported from a ready(): the routers of the apps after it would be missing
    raise ImproperlyConfigured("sourcebook.api was imported before every app was ready")
for _load in apiroutes.LOADERS:
    api.add_router("", _load())
