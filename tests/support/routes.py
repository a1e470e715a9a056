"""Every URL pattern of the site but the admin's, for tests that walk all routes (docs, drafts
crawl, anonymous writes)."""

from __future__ import annotations


def all_routes() -> list[str]:
    """The patterns as text (``/documents/<str:public_id>/``), sorted, without ``admin/``."""
    import django
    from django.urls import URLPattern, URLResolver, get_resolver

    django.setup()
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if prefix + str(p.pattern) != "admin/":
                    walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append("/" + prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return sorted(set(found))
