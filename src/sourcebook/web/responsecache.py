"""Whole public pages for anonymous readers, kept in each process's memory (``SOURCEBOOK_PAGE_CACHE``).

A warm document page costs about 40 ms of CPU to render (template, cite box, sections); the same
bytes go to every anonymous reader who asks for it in the same language, until the archive
changes. This keeps the finished response of such pages and answers the next identical request
with a copy.

What a page is keyed by: the archive's generation (:mod:`.generation`: any committed change to
the archive makes a new one, in every process, since it is read from the database on every
request), the interface language the request resolved to (cookie, Accept-Language), the scheme
and host (absolute URLs in citations and links are built from them when
``SOURCEBOOK_BASE_URL`` is unset), and the path with its query string (``?view=``, ``?hl=``,
``?page=``). Nothing else of the request reaches these pages: they do not negotiate formats, and
their content security policy has no per-request nonce.

Who is never served from it nor fills it: anyone with a session cookie (editors see drafts and
edit links; an anonymous session is bypassed too, which costs only speed), a request with an
``Authorization`` header or a pending messages cookie, any method but GET and HEAD. Responses
that are not kept: any status but 200, streaming responses, responses that set a cookie, pages
that used a CSRF token (it belongs to one reader's cookie), ``Cache-Control`` private/no-store/
no-cache (unpublished documents), and anything from a signed-in user.

Why each process keeps its own copy (a bounded LRU in bytes) rather than a shared store: the
generation check already makes a process's copy exactly as fresh as a shared store would be, a
hit costs no network round trip and no extra service to run, and with ``serve --workers 2`` the
cost is at most one render per page and worker. Memory is ``SOURCEBOOK_PAGE_CACHE`` per process.

The cached response is stored as the view returned it, before the outer middleware: security
headers, the content security policy, ``Content-Language`` and per-reader cookies (the replica
pin) are added again for each request, hit or not.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import generation

# URL names (``resolver_match.view_name``) of the pages kept; apps add theirs in AppConfig.ready.
PAGES: set[str] = set()
# Every kept page says it varies with these (the language cookie, the session; the language).
VARY = ("Cookie", "Accept-Language")
MESSAGES_COOKIE = "messages"
_NOT_SHARED = ("private", "no-store", "no-cache")


class ByteLRU:
    """Least recently used entries first out, bounded by the bytes of the values held."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.size = 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: bytes) -> None:
        """Keep ``value``; a value over a quarter of the capacity is not kept at all."""
        if len(value) > self.capacity // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old)
            self._items[key] = value
            self.size += len(value)
            while self.size > self.capacity:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._items)


_store: ByteLRU | None = None


def store() -> ByteLRU | None:
    """This process's cache, or None when ``SOURCEBOOK_PAGE_CACHE`` is 0 (off)."""
    global _store
    capacity = settings.SOURCEBOOK_PAGE_CACHE
    if capacity <= 0:
        return None
    if _store is None or _store.capacity != capacity:
        _store = ByteLRU(capacity)
    return _store


def anonymous_read(request) -> bool:
    """A request that may be answered from the cache: GET or HEAD from nobody signed in."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def keepable(request, response) -> bool:
    """Whether ``response`` is the same for every anonymous reader of this key."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token of this reader's
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _NOT_SHARED) or "*" in response.get("Vary", ""):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """Answers anonymous reads of :data:`PAGES` from the cache; keeps what they render."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "sourcebook_page_key", None)
        if key is not None and keepable(request, response):
            cache = store()
            if cache is not None:
                patch_vary_headers(response, VARY)
                cache.put(key, pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in PAGES or not anonymous_read(request):
            return None
        cache = store()
        if cache is None:
            return None
        current = generation.current()
        if current is None:
            return None
        key = (current, get_language(), request.scheme, request.get_host(), request.get_full_path())
        kept = cache.get(key)
        if kept is not None:
            return pickle.loads(kept)  # noqa: S301 (our own bytes, never a client's)
        request.sourcebook_page_key = key
        return None
