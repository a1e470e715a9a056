"""Login throttling (django-axes): whom a failure counts against, and what a locked-out user sees.

Failures are counted per username *and* client address, so a stranger guessing at an account
cannot lock its owner out from everywhere. The client address is ``REMOTE_ADDR`` unless
``SOURCEBOOK_TRUSTED_PROXY`` says proxies in front record it in ``X-Forwarded-For``; only then is
that header read, and only the entry the nearest trusted proxy added (a client can forge the rest).
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """``REMOTE_ADDR``, or the address the outermost trusted proxy saw the client come from."""
    proxies = getattr(settings, "SOURCEBOOK_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """429 with a page that says when to try again (``Retry-After`` for machines)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = render(
        request,
        "sourcebook/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
