"""``sourcebook log``: the audit log, as lines to read or JSON to process."""

from __future__ import annotations

import datetime as dt
import json

import click

from sourcebook import runtime

from .main import fail, main


@main.command("log")
@click.option("--since", metavar="DATE", help="From this day (2026-12-01) or time (ISO 8601) on.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entry.")
def log(since: str | None, as_json: bool) -> None:
    """Print the audit log: publications, withdrawals, edits, merges and account changes.

    \b
    Examples:
      sourcebook log --since 2026-12-01
      sourcebook log --json | jq 'select(.target == "user")'
    """
    start = _since(since) if since else None
    runtime.setup()
    from sourcebook.audit.log import entries

    for entry in entries(start).iterator(chunk_size=500):
        click.echo(json.dumps(_as_dict(entry), ensure_ascii=False) if as_json else _line(entry))


def _since(text: str) -> dt.datetime:
    """A day means its midnight UTC; a time without a zone is UTC."""
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"--since {text!r}: not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _as_dict(entry) -> dict:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "target_id": entry.target_id,
        "note": entry.note,
        "before": entry.before,
        "after": entry.after,
    }


def _line(entry) -> str:
    """``time actor action target:id "note" changes``, with only what changed shown."""
    parts = [f"{entry.at:%Y-%m-%d %H:%M:%S}Z", entry.actor, entry.action]
    parts.append(f"{entry.target}:{entry.target_id}")
    if entry.note:
        parts.append(json.dumps(entry.note, ensure_ascii=False))
    changes = changed(entry.before, entry.after)
    if changes:
        parts.append(changes)
    return "\t".join(parts)


def changed(before, after) -> str:
    """``role: editor → admin; active: true → false`` for dicts; both sides whole otherwise."""
    if before is None and after is None:
        return ""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        return "; ".join(f"{k}: {_compact(before.get(k))} → {_compact(after.get(k))}" for k in keys)
    if before is None:
        return "+ " + _compact(after)
    if after is None:
        return "- " + _compact(before)
    return f"{_compact(before)} → {_compact(after)}"


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
