"""The search engine interface: small on purpose, so another engine can be added later.

An engine stores :class:`~.documents.IndexDoc` entries, answers :class:`Request` with
:class:`EngineResults`, and keeps the outbox *position* (the id of the last applied index event)
inside the index itself, committed atomically with the changes it covers. That is what makes
crash recovery exact: after any crash, the index says precisely which events it already holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .documents import IndexDoc
from .query import Plan

SORTS = ("relevance", "date", "-date")


@dataclass
class Request:
    plan: Plan
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: list[str] | None = None  # None: every facet
    facet_size: int = 20
    undated: bool = False  # a date range also matches documents without a date
    # Facet counts estimated from a sample when this many documents or more match (0: always
    # exact); see :mod:`.facet_counting`.
    estimate_above: int = 0


@dataclass
class Hit:
    id: str
    score: float
    display: dict[str, Any]  # shared with later searches of the same generation: read only
    digest: bytes = b""  # of the stored display: what the result's snippet is kept by


@dataclass
class EngineResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sample_rate: int = 0  # facet counts estimated from one document in this many (0: exact)
    position: int | None = None  # the outbox position of the index these results came from
    gaps: list[tuple[int, int]] = field(default_factory=list)  # its open outbox gaps (ranges)


class Engine(Protocol):
    def index(self, docs: Iterable[IndexDoc], *, position: int | None = None) -> int: ...

    def delete(self, ids: Iterable[str], *, position: int | None = None) -> None: ...

    def write(
        self, upserts: Iterable[IndexDoc], deletes: Iterable[str], position: int | None
    ) -> int:
        """Upsert and delete in one atomic commit that also records ``position``."""

    def search(self, request: Request) -> EngineResults: ...

    def count(self) -> int: ...

    def clear(self, *, position: int = 0) -> None: ...

    def position(self) -> int:
        """The id of the last outbox event the index holds (0 when empty)."""

    def versions(self) -> dict[str, list[int]]:
        """Every indexed document id with the version(s) it is indexed at (for drift checks)."""

    def refresh(self) -> bool:
        """Make searches see the newest commit (from any process); True if it changed."""

    def lock(self, timeout: float | None = None):
        """A context manager that makes this process the only writer (across processes)."""
