"""The site's own small routes: the interface language switch and the favicon."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.defaults import page_not_found

FAVICON = Path(__file__).resolve().parent / "static" / "sourcebook" / "favicon.svg"


def choose_language(request):
    """``/language/?lang=de&next=/documents/1/``: remember the interface language in a cookie
    and go back. A GET so the switch works as a plain form without a CSRF cookie on every page;
    it changes nothing but the reader's own preference. URLs stay the same in every language."""
    code = request.GET.get("lang", "")
    if code not in dict(settings.LANGUAGES):
        message = gettext("Unknown interface language: %(code)s") % {"code": code[:20]}
        return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=request.is_secure(),
    )
    return response


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    return FAVICON.read_bytes()


def favicon(request):
    """``/favicon.ico``: the SVG icon, for browsers and tools that ask for it there."""
    response = HttpResponse(_favicon(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def not_found(request, exception=None):
    """404 (``handler404``): under ``/api/`` the API's JSON body, as for an unknown document,
    so a client of an unknown route (a typo, a route of a later version) still reads JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception)
