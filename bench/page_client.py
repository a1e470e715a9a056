"""A Django test client on the archive of ``$SOURCEBOOK_HOME`` for the page benchmarks: every
middleware, no HTTP, the page cache off (each read renders), and the imports done by one first
request so they are in no figure."""

from __future__ import annotations

import os


def warm_client():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    os.environ["SOURCEBOOK_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.get("/")
    return client
