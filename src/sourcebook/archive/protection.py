"""Re-ingest and an editor's work: protected fields keep the editor's value.

Why here and not in :meth:`Document.apply_record`: the version a re-ingest writes must be the
document as it will stand (source values, with the editor's where protected), so its revision,
texts, apparatus and index entry all agree. :func:`keep_protected` builds that record before
anything is written; the source's differing values become :class:`SourceChange` rows that an
editor accepts or dismisses (:mod:`sourcebook.archive.editing`).
"""

from __future__ import annotations

from typing import Any

from sourcebook.core.record import Record

from . import fields
from .models import SourceChange


def keep_protected(
    source: Record, current: Record, protected: list[str]
) -> tuple[Record, list[tuple[str, Any, Any]]]:
    """``(record to store, [(field, source value, current value)] that differ)``.

    ``source`` is left as the reader made it (volume hooks read it after this).
    """
    merged = Record.from_json(source.to_json())
    differing = []
    for name in protected:
        if not fields.is_field(name):
            continue
        theirs, ours = fields.value(source, name), fields.value(current, name)
        if theirs != ours:
            differing.append((name, theirs, ours))
        fields.copy(current, merged, name)
    return merged, differing


def note_source_changes(
    target: str, target_id: int, differing: list[tuple[str, Any, Any]], source
) -> list[SourceChange]:
    """One pending change per field; nothing new when the same value is pending or was dismissed.

    A newer source value replaces the one pending for the field (the editor reviews what the
    source says now, not every value it once said).
    """
    written = []
    for name, theirs, ours in differing:
        known = list(
            SourceChange.objects.filter(
                target=target,
                target_id=target_id,
                field=name,
                resolution__in=[SourceChange.PENDING, SourceChange.DISMISSED],
            )
        )
        # JSON compared here, not in SQL: SQLite and PostgreSQL differ on JSON equality.
        if any(c.source_value == theirs for c in known):
            continue
        pending = next((c for c in known if c.resolution == SourceChange.PENDING), None)
        if pending is None:
            pending = SourceChange(target=target, target_id=target_id, field=name)
        pending.source_value, pending.current_value, pending.source = theirs, ours, source
        pending.save()
        written.append(pending)
    return written


def pending(target: str, target_id: int):
    return SourceChange.objects.filter(
        target=target, target_id=target_id, resolution=SourceChange.PENDING
    ).order_by("id")
