"""The edition's search page: the site's own base template around Pagefind's search box.

The live search page asks the server; the edition has none, so this one page has its own
template (``sourcebook/edition_search.html``, extending the same base) and is rendered here
rather than by a view.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def render(language: str = "") -> bytes:
    request = RequestFactory(HTTP_HOST="localhost").get("/search/")
    request.user = AnonymousUser()
    with translation.override(language or settings.LANGUAGE_CODE):
        request.LANGUAGE_CODE = translation.get_language()
        html = render_to_string("sourcebook/edition_search.html", {}, request=request)
    return html.encode("utf-8")
