"""``sourcebook log`` (issue 9, "Audit log"): who did what, when, with before and after; the
admin lists the same entries (see test_accounts_admin.py)."""

from __future__ import annotations

import datetime as dt
import json

from sourcebook.audit.log import record
from sourcebook.audit.models import AuditEntry

from .accounts_support import user_cli


def _at(entry: AuditEntry, when: str) -> None:
    AuditEntry.objects.filter(pk=entry.pk).update(at=dt.datetime.fromisoformat(when))


def _seed_log() -> None:
    _at(
        record(
            "lin",
            "withdraw",
            "document",
            "208190",
            before={"status": "published", "withdrawn_reason": ""},
            after={"status": "withdrawn", "withdrawn_reason": "duplicate of 208191"},
            note="duplicate",
        ),
        "2026-11-30T09:15:00+00:00",
    )
    _at(
        record(
            "cli:ops", "set-role", "user", "lin", before={"role": "editor"}, after={"role": "admin"}
        ),
        "2026-12-02T18:00:05+00:00",
    )
    _at(
        record("import", "purge", "document", "1/2", before={"title": "Letter"}),
        "2026-12-03T00:00:00+00:00",
    )


def test_log_prints_who_did_what_and_what_changed(transactional_db):
    _seed_log()
    result = user_cli("log")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        '2026-11-30 09:15:00Z\tlin\twithdraw\tdocument:208190\t"duplicate"\t'
        'status: "published" → "withdrawn"; withdrawn_reason: "" → "duplicate of 208191"',
        '2026-12-02 18:00:05Z\tcli:ops\tset-role\tuser:lin\trole: "editor" → "admin"',
        '2026-12-03 00:00:00Z\timport\tpurge\tdocument:1/2\t- {"title":"Letter"}',
    ]


def test_since_and_json(transactional_db):
    _seed_log()
    since_day = user_cli("log", "--since", "2026-12-02")
    assert [line.split("\t")[2] for line in since_day.stdout.splitlines()] == ["set-role", "purge"]
    since_time = user_cli("log", "--since", "2026-12-02T18:00:06", "--json")
    rows = [json.loads(line) for line in since_time.stdout.splitlines()]
    assert rows == [
        {
            "at": "2026-12-03T00:00:00+00:00",
            "actor": "import",
            "action": "purge",
            "target": "document",
            "target_id": "1/2",
            "note": "",
            "before": {"title": "Letter"},
            "after": None,
        }
    ]
    bad = user_cli("log", "--since", "last week")
    assert (bad.returncode, bad.stdout) == (1, "")
    assert (
        bad.stderr == "error: --since 'last week': not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM\n"
    )


def test_an_empty_log_prints_nothing(transactional_db):
    result = user_cli("log")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
