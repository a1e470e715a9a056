"""Readers change nothing: a POST, PUT, PATCH or DELETE from someone not signed in is refused
before it reaches a view, whatever the view would do with it.

Why a middleware and not each view: the public pages were written for GET and answered a DELETE
like a GET; a rule in one place also covers every route added later, the API's included. The
exceptions are the admin (its login form is posted anonymously; every other admin view sends
anonymous visitors to that form) and OAI-PMH, whose harvesters may send reads as POST forms.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MESSAGE = "Sign in as an editor to change anything."


def anonymous_reads_only(get_response):
    open_paths = tuple(settings.SOURCEBOOK_ANONYMOUS_POST_PATHS)

    def middleware(request):
        if request.method in SAFE_METHODS or request.user.is_authenticated:
            return get_response(request)
        if request.method == "POST" and _open(request.path, open_paths):
            return get_response(request)
        return _refusal(request)

    return middleware


def _open(path: str, open_paths: tuple[str, ...]) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in open_paths)


def _refusal(request) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API's error shape
        return JsonResponse({"detail": MESSAGE}, status=403)
    return HttpResponse(MESSAGE + "\n", status=403, content_type="text/plain; charset=utf-8")
