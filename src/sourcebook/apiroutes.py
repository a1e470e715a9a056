"""The routers an area adds to the JSON API, registered from its ``AppConfig.ready()``.

Why a list of loaders and not the routers themselves: a router module imports django-ninja and
the area's API code (about 0.1 s), and every ``sourcebook`` command starts Django although only
a server answers the API. :mod:`sourcebook.api` calls the loaders, in the order of
``INSTALLED_APPS``, when it is first imported (by the URL map).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOADERS: list[Callable[[], Any]] = []


def add(loader: Callable[[], Any]) -> None:
    """Register ``loader``, a function returning a ninja ``Router`` mounted at /api/."""
    if loader not in LOADERS:
        LOADERS.append(loader)
