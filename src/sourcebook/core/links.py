"""The one URL policy for links that come from a record (permalink, ``idno``, ``ref/@target``).

Why one policy, applied twice: a record is written by whoever made the file, and a link from it
ends in an ``href``, a PDF annotation, JSON-LD, meta tags and citation files. ``javascript:`` or
``data:`` there is stored script. So ingest checks every such link (and keeps a failing one as
text, with a warning: nothing a historian wrote is lost), and every renderer and exporter asks
:func:`href` again, for records stored before the check existed and for paths that bypass ingest.

A link is an absolute ``http``/``https`` URL with a host, no user name or password (the
``https://trusted.example@evil.example`` trick), no whitespace, control or invisible characters
and none of ``"``, ``<``, ``>``, the backquote or the backslash (they end attributes, and
browsers read a backslash as ``/``), at most
:data:`MAX_LENGTH` characters (the database column). Operators may allow identifier schemes
such as ``doi:``, ``hdl:`` or ``urn:`` (``SOURCEBOOK_URL_SCHEMES``): those are kept as
identifiers and linked through a resolver when one is known (``doi:`` → doi.org), else shown as
text. No framework here: plain functions, tested on their own.
"""

from __future__ import annotations

import os
import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 500  # archive.Document.permalink holds 500 characters

# Identifier schemes with a public resolver: ``scheme:rest`` links to ``resolver + rest``.
RESOLVERS = {
    "doi": "https://doi.org/",
    "hdl": "https://hdl.handle.net/",
    "ark": "https://n2t.net/ark:",
}

_FORBIDDEN = set('"<>\\`')


def extra_schemes() -> frozenset[str]:
    """Schemes allowed besides http(s), from ``SOURCEBOOK_URL_SCHEMES`` (``doi,urn,hdl``).

    ``javascript``, ``data`` and ``vbscript`` can never be allowed: they run in the browser.
    """
    raw = os.environ.get("SOURCEBOOK_URL_SCHEMES", "")
    names = {s.strip().lower().rstrip(":") for s in raw.split(",")}
    return frozenset(n for n in names if n.isalnum() and n not in _NEVER)


_NEVER = {"javascript", "data", "vbscript", "file", "blob", "filesystem", "about"}


def _clean_chars(value: str) -> bool:
    """No whitespace, control, format (invisible) or attribute-ending characters anywhere."""
    for ch in value:
        if ch in _FORBIDDEN or ch.isspace():
            return False
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"):
            return False
    return True


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host and no credentials (see the module docstring)."""
    if not value or len(value) > MAX_LENGTH or not _clean_chars(value):
        return False
    scheme, sep, _ = value.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return bool(parts.hostname) and "@" not in parts.netloc


def scheme_of(value: str) -> str | None:
    """The scheme of an identifier like ``doi:10.1000/1`` (lower case), or None."""
    scheme, sep, rest = value.partition(":")
    if sep and rest and scheme[:1].isalpha() and scheme.replace("+", "").isalnum():
        return scheme.lower()
    return None


def is_allowed(value: str | None, schemes: frozenset[str] | None = None) -> bool:
    """Whether ``value`` passes the policy: a web URL, or an identifier of an allowed scheme."""
    if not value:
        return False
    if is_web_url(value):
        return True
    if schemes is None:
        schemes = extra_schemes()
    scheme = scheme_of(value)
    return (
        scheme is not None
        and scheme in schemes
        and len(value) <= MAX_LENGTH
        and _clean_chars(value)
        and not value[len(scheme) + 1 :].startswith("/")
    )


def href(value: str | None, schemes: frozenset[str] | None = None) -> str | None:
    """The URL a page or an export may link to for ``value``, or None (show it as text).

    A web URL is its own link; an allowed identifier links through its resolver when there is
    one (``doi:10.1/x`` → ``https://doi.org/10.1/x``); anything else has no link.
    """
    if not value:
        return None
    if is_web_url(value):
        return value
    if not is_allowed(value, schemes):
        return None
    scheme = scheme_of(value) or ""
    resolver = RESOLVERS.get(scheme)
    if resolver is None:
        return None
    url = resolver + value[len(scheme) + 1 :]
    return url if is_web_url(url) else None


def text_form(value: str, limit: int = 80) -> str:
    """``value`` quoted for a one-line message: escaped (no line breaks), shortened."""
    short = value if len(value) <= limit else value[:limit] + "…"
    return repr(short)
