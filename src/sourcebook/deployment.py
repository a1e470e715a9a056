"""Safe settings derived from where the site is published (``SOURCEBOOK_BASE_URL``).

Why one module: host names, TLS and the proxy in front decide several Django settings at once
(``ALLOWED_HOSTS``, HSTS, secure cookies, the proxy SSL header, CSRF trusted origins). Deriving
them here from an environment mapping, without Django, lets the tests check each rule with the
same function the settings call.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# Names a browser on the serving machine uses; always answered (the demo, health checks).
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ONE_YEAR = 365 * 24 * 60 * 60
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


class DeploymentError(ValueError):
    """A deployment setting that cannot be used as given; the message says what to set."""


def base_url(env: Mapping[str, str]) -> str:
    """``SOURCEBOOK_BASE_URL`` as ``scheme://host[:port]`` (no trailing slash), or ``""``.

    A path prefix is refused: the site's links are root-relative, so Sourcebook must be served at
    the root of its host name (use a subdomain such as ``archive.example.org``).
    """
    raw = env.get("SOURCEBOOK_BASE_URL", "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    where = f"SOURCEBOOK_BASE_URL={raw!r}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeploymentError(f"{where}: give scheme and host, e.g. https://archive.example.org")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise DeploymentError(
            f"{where}: only scheme, host and port are allowed; serve Sourcebook at the root of "
            "its own host name (e.g. https://archive.example.org)"
        )
    try:
        parts.port  # noqa: B018 (validates the port)
    except ValueError as exc:
        raise DeploymentError(f"{where}: {exc}") from None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def base_host(base: str) -> str:
    """The host name of a :func:`base_url` (``[::1]`` for an IPv6 literal), or ``""``."""
    if not base:
        return ""
    host = urlsplit(base).hostname or ""
    return f"[{host}]" if ":" in host else host


def allowed_hosts(env: Mapping[str, str], base: str) -> list[str]:
    """The local names, the host of the base URL, and ``SOURCEBOOK_ALLOWED_HOSTS`` if set.

    Never ``*`` unless the operator says so: a request for any other Host gets Django's 400
    before a URL is built from it.
    """
    extra = [h.strip() for h in env.get("SOURCEBOOK_ALLOWED_HOSTS", "").split(",") if h.strip()]
    hosts = [*LOCAL_HOSTS, base_host(base), *extra]
    return list(dict.fromkeys(h for h in hosts if h))


def flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise DeploymentError(f"{name}={value!r}: use 1 (on) or 0 (off)")


def number(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise DeploymentError(f"{name}={value!r}: give a whole number (0 or more)")
    return int(value)


def trusted_proxies(env: Mapping[str, str]) -> int:
    """How many reverse proxies in front are trusted to set ``X-Forwarded-*`` (0: none).

    ``SOURCEBOOK_TRUSTED_PROXY=1`` (or ``true``) for one proxy such as nginx or Caddy; a number
    for a chain. Without it, those headers are ignored: a client could forge them.
    """
    value = env.get("SOURCEBOOK_TRUSTED_PROXY", "").strip().lower()
    if value in TRUE:
        return 1
    if value in FALSE:
        return 0
    return number(env, "SOURCEBOOK_TRUSTED_PROXY", 0)


def security_settings(env: Mapping[str, str]) -> dict:
    """The Django settings that follow from the base URL and the proxy in front."""
    base = base_url(env)
    proxies = trusted_proxies(env)
    https = base.startswith("https://")
    out = {
        "SOURCEBOOK_BASE_URL": base,
        "SOURCEBOOK_TRUSTED_PROXIES": proxies,
        "ALLOWED_HOSTS": allowed_hosts(env, base),
        "CSRF_TRUSTED_ORIGINS": [base] if base else [],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if proxies else None,
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        # Django sends HSTS only on requests it knows came over TLS (see the proxy header).
        "SECURE_HSTS_SECONDS": number(env, "SOURCEBOOK_HSTS_SECONDS", ONE_YEAR) if https else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": https
        and flag(env, "SOURCEBOOK_HSTS_INCLUDE_SUBDOMAINS", False),
        "SECURE_HSTS_PRELOAD": https and flag(env, "SOURCEBOOK_HSTS_PRELOAD", False),
        # Off by default: the TLS proxy usually redirects, and local checks use plain http.
        "SECURE_SSL_REDIRECT": flag(env, "SOURCEBOOK_SSL_REDIRECT", False),
        # A redirect goes to the published host, never to the Host header.
        "SECURE_SSL_HOST": urlsplit(base).netloc if https else None,
    }
    if out["SECURE_SSL_REDIRECT"] and not (https and proxies):
        raise DeploymentError(
            "SOURCEBOOK_SSL_REDIRECT=1 needs an https SOURCEBOOK_BASE_URL and "
            "SOURCEBOOK_TRUSTED_PROXY (else every request would be redirected again)"
        )
    return out
