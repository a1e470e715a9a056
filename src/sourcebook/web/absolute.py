"""Absolute URLs of our own pages, for OAI, sitemaps, robots.txt, citations, JSON-LD and the API.

Never from a Host header an attacker chose: with ``SOURCEBOOK_BASE_URL`` set, every absolute URL
starts with it whatever the request says. Without it, the request's scheme and host are used, and
that is safe only because ``ALLOWED_HOSTS`` no longer defaults to ``*`` (a request for a host not
listed is refused with a 400 by ``request.get_host()`` before any URL is built).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url(request) -> str:
    """``scheme://host[:port]`` of the site, without a trailing slash."""
    if settings.SOURCEBOOK_BASE_URL:
        return settings.SOURCEBOOK_BASE_URL
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, path: str) -> str:
    """``path`` (root-relative, starting with ``/``) on the site."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url needs a root-relative path, not {path!r}")
    return site_url(request) + path


def site_host(request) -> str:
    """The site's host name without the port (the default OAI repository id).

    An IPv6 literal is no valid repository id (its colons split ``oai:<id>:<item>``): "localhost".
    """
    host = urlsplit(site_url(request)).hostname or ""
    return host if host and ":" not in host else "localhost"
