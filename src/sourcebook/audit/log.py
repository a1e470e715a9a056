"""Writing and reading the audit log."""

from __future__ import annotations

import datetime as dt

from .models import AuditEntry


def record(
    actor: str,
    action: str,
    target: str,
    target_id: str,
    *,
    before=None,
    after=None,
    note: str = "",
) -> AuditEntry:
    """Add one entry. Call it inside the transaction of the change it describes."""
    return AuditEntry.objects.create(
        actor=actor or "system",
        action=action,
        target=target,
        target_id=str(target_id),
        before=before,
        after=after,
        note=note,
    )


def entries(since: dt.datetime | None = None):
    """Entries in the order they were written, from ``since`` on."""
    rows = AuditEntry.objects.all()
    if since is not None:
        rows = rows.filter(at__gte=since)
    return rows.order_by("id")
