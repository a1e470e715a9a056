"""The archive's packing: :mod:`sourcebook.core.packing` with a dictionary learned from its sources.

Why a dictionary: an archive's records share their boilerplate (headings, citation forms,
archive and funder names, markup), and a frame of a few KB cannot learn that from itself. Once
the archive holds :data:`TRAIN_AT` sources, a dictionary of :data:`SIZE` bytes is learned from
the first of them and stored in :class:`~sourcebook.archive.models.PackingDictionary`; from then
on new sources, texts and stand-alone revisions are packed with it. Measured on the
benchmark's corpus, a 2.7 KB source packs to 510 bytes instead of 1,030; FRUS documents 27 %
smaller than alone (``bench/RESULTS.md``). Values packed before, or without it, stay as they
are and are read as before.

What keeps the bytes safe: the dictionary row is never changed or deleted (nothing in the
code writes it twice), its SHA-256 is checked on every load, every value packed with it is
unpacked and compared before it is stored (:func:`sourcebook.core.packing.pack`), Zstandard
refuses a frame given the wrong dictionary (each frame names its dictionary's own id), and the
backup holds the whole database, dictionaries included.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from sourcebook.core import packing

#: Sources in the archive before a dictionary is learned (and how many it learns from).
TRAIN_AT = 1_000
#: Dictionary size: 16 KB gave 534 bytes per source, 64 KB 512, 110 KB 516 (benchmark corpus).
SIZE = 65_536
#: A larger source (a TEI volume) gives the dictionary its first bytes only.
SAMPLE_BYTES = 65_536
#: Values of fewer bytes are packed alone (an empty default, a label: nothing to gain).
SHORT = 32
#: A process reads the newest dictionary again (a new one, or damage) after this many seconds.
RECHECK_S = 60.0

log = logging.getLogger(__name__)
_lock = threading.Lock()
_by_id: dict[int, packing.Dictionary] = {}
_sha: dict[int, str] = {}  # the SHA-256 each kept dictionary was loaded with
_current: packing.Dictionary | None = None
_looked_at = float("-inf")
_retry_at = 0  # after a training that failed: the number of sources to try again at


def forget() -> None:
    """Drop what this process knows of dictionaries (after the database was emptied or
    restored, and between tests)."""
    global _current, _looked_at, _retry_at
    with _lock:
        _by_id.clear()
        _sha.clear()
        _current, _looked_at, _retry_at = None, float("-inf"), 0


def get(ident: int) -> packing.Dictionary:
    """The dictionary stored under ``ident``, its bytes checked (kept for the process)."""
    found = _by_id.get(ident)
    if found is None:
        found, sha256 = load(ident)
        with _lock:
            _by_id[ident], _sha[ident] = found, sha256
    return found


def load(ident: int) -> tuple[packing.Dictionary, str]:
    """Dictionary ``ident`` and its SHA-256, read from the database now and checked
    (PackingError when missing or damaged)."""
    from sourcebook.archive.models import PackingDictionary

    row = PackingDictionary.objects.filter(pk=ident).values_list("content", "sha256").first()
    if row is None:
        raise packing.PackingError(
            f"packing dictionary {ident} is missing from the database; restore from a backup"
        )
    content = bytes(row[0])
    if hashlib.sha256(content).hexdigest() != row[1]:
        raise packing.PackingError(
            f"packing dictionary {ident} is damaged (SHA-256 differs); restore from a backup"
        )
    return packing.Dictionary(ident, content), row[1]


def current() -> packing.Dictionary | None:
    """The newest dictionary, or None while the archive has none (or its newest is damaged);
    read again and checked every :data:`RECHECK_S` seconds (64 KB, under a millisecond)."""
    global _current, _looked_at
    if time.monotonic() - _looked_at < RECHECK_S:
        return _current
    from django.db import connection

    from sourcebook.archive.models import PackingDictionary

    with _lock:
        _looked_at = time.monotonic()
    # Before migration 0006 (a migration writing a text, a schema change's default) there is
    # no table to ask; asking would fail, and on PostgreSQL abort the migration's transaction.
    if PackingDictionary._meta.db_table not in connection.introspection.table_names():
        return None
    newest = PackingDictionary.objects.order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        _current = None
        return None
    try:
        loaded, sha256 = load(newest)  # its bytes checked again, each time
    except packing.PackingError as exc:  # new values must not depend on a damaged dictionary
        log.error("%s; packing new values without it (see: sourcebook check)", exc)
        _current = None
        return None
    with _lock:
        if _sha.get(newest, sha256) != sha256:  # a database restored under this process:
            _by_id.clear()  # its ids may name other dictionaries
            _sha.clear()
        _by_id.setdefault(newest, loaded)
        _sha[newest] = sha256
        _current = _by_id[newest]
    return _current


def maybe_train() -> packing.Dictionary | None:
    """Learn the archive's dictionary once it holds :data:`TRAIN_AT` sources (called before
    each ingest batch); the current one if there is one already."""
    global _looked_at
    if current() is not None:
        return _current
    from django.db import transaction

    from sourcebook.archive.models import Source

    if transaction.get_connection().in_atomic_block:
        return None  # a dictionary rolled back with its transaction would be known but missing
    count = Source.objects.count()
    if count < max(TRAIN_AT, _retry_at):
        return None
    with _lock:
        _looked_at = float("-inf")  # another process may have learned one since we looked
    return current() or _learn(count)


def _learn(count: int) -> packing.Dictionary | None:
    global _current, _retry_at
    from sourcebook.archive.models import PackingDictionary, Source

    samples = []
    for source in Source.objects.order_by("pk")[:TRAIN_AT]:
        try:
            samples.append(source.content()[:SAMPLE_BYTES])
        except packing.PackingError:
            continue  # packed with a damaged dictionary: `check` names it; learn from the rest
    try:
        learned = packing.train(samples, SIZE)
    except packing.PackingError:
        _retry_at = 2 * count  # samples too small or too alike: packed alone, as before
        return None
    row = PackingDictionary.objects.create(
        content=learned.content,
        sha256=hashlib.sha256(learned.content).hexdigest(),
        samples=len(samples),
    )
    with _lock:
        _current = _by_id[row.pk] = packing.Dictionary(row.pk, learned.content)
        _sha[row.pk] = row.sha256
    return _current


def pack(raw: bytes, base: bytes | None = None) -> bytes:
    """``raw`` packed against ``base`` if given, else with the archive's dictionary if any."""
    return packing.pack(raw, base, dictionary=None if base is not None else current())


def unpack(packed: bytes | memoryview, base: bytes | None = None) -> bytes:
    return packing.unpack(packed, base, dictionaries=get)


def pack_text(text: str) -> bytes:
    """A text packed; with the dictionary unless it is too short to gain from one."""
    data = text.encode("utf-8")
    return packing.pack(data, dictionary=current() if len(data) >= SHORT else None)


def unpack_text(packed: bytes | memoryview | str) -> str:
    return packing.unpack_text(packed, dictionaries=get)
