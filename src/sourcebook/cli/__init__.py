"""The ``sourcebook`` command: a thin layer over the library.

Each area has its own module that adds commands to :data:`main`; errors become one clean line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

# Importing a module registers its commands on ``main``.
from . import documents as _documents  # noqa: E402,F401
from . import server as _server  # noqa: E402,F401
from . import citing as _citing  # noqa: E402,F401
from . import collections as _collections  # noqa: E402,F401
from . import log as _log  # noqa: E402,F401
from . import users as _users  # noqa: E402,F401
from . import publication as _publication  # noqa: E402,F401
from . import editing as _editing  # noqa: E402,F401
from . import backup as _backup  # noqa: E402,F401
from . import sources as _sources  # noqa: E402,F401
from . import linking as _linking  # noqa: E402,F401
from . import authorities as _authorities  # noqa: E402,F401
from . import edition as _edition  # noqa: E402,F401
from . import related as _related  # noqa: E402,F401
from .main import main

__all__ = ["main"]
from sourcebook.search import cli as _search  # noqa: E402,F401
from sourcebook.scans import cli as _scans  # noqa: E402,F401
