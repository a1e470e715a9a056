"""Each source id's name keys in an indexed table, so a volume reads only its namesakes.

Why: matching a volume's persons (:mod:`.matching`) and proposing merges (``hooks._blocks``)
need, for each name key of the volume's persons, the first agents of other volumes under that
key. The keys are computed in Python (word orders, romanizations, :func:`person_keys`), so
without a stored copy every volume read and keyed every other volume's source ids: the ingest
of N volumes read N² source ids. With :class:`~.models.SourceIdKey` a volume asks the
database for its own keys only, and gets at most a few agents per key back.

Kept in sync where source ids are written: the ingest's ``bulk_create`` calls :func:`index`;
every ``save()`` (the ingest's updates, ``update_or_create``, the admin) goes through
:func:`on_save`; deletes cascade. Merges and splits move source ids between agents and change
no name or description, and the keys hold no agent: they are read through the source id, so
they always name the agent the source id has now. Existing archives got their keys from the
data migration ``authorities 0003`` (through :func:`rows_for`); a change to how keys are made
needs such a migration too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber

from sourcebook.archive import chunks
from sourcebook.core.authority_match import content_words, person_keys

from .models import SourceId, SourceIdKey

# Keys longer than this are stored as a digest (a 500-character name in a script that NFKD
# expands could pass PostgreSQL's limit for an index entry).
LONGEST = 200


def name_key(name: str) -> str:
    """Names compared across volumes: parenthesised forms, accents, case and punctuation ignored."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", name))


def description_key(text: str) -> str:
    """Descriptions that say the same words, in any order, are alike."""
    return " ".join(sorted(content_words(text)))


def block_keys(name: str) -> set[str]:
    """:func:`name_key` and the person keys of :mod:`sourcebook.core.authority_match`, so that
    "U. Alexis Johnson" and "Johnson, U. Alexis" meet even where they are not merged."""
    return {k for k in (name_key(name),) if k} | person_keys(name)


def stored(text: str) -> str:
    """A key as the key tables hold it: as it is, or past :data:`LONGEST` a digest."""
    if len(text) <= LONGEST:
        return text
    return "h:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def indexed(key: str) -> str:
    """The stored form of a key of :func:`block_keys`: name keys (which have no colon) get
    ``n:`` so they never meet a person key (``t:``, ``r:``); long keys become ``h:`` digests."""
    return stored(key if ":" in key else f"n:{key}")


def described(description: str) -> str:
    """The stored form of :func:`description_key` (its words have no colon: no clash)."""
    return stored(description_key(description))


def rows_for(name: str, description: str) -> list[tuple[str, str]]:
    """``(key, described)`` rows of one source id (pure: the data migration uses it too)."""
    alike = described(description)
    return [(indexed(k), alike) for k in sorted(block_keys(name))]


def index(sids: Iterable[SourceId], fresh: bool = False) -> None:
    """(Re)write the keys of these source ids; ``fresh``: they have none yet (just created)."""
    sids = list(sids)
    if any(s.pk is None for s in sids):  # a backend that returns no ids from bulk_create
        found = {}
        for volume in {s.volume for s in sids}:
            wanted = [s.xml_id for s in sids if s.volume == volume]
            for part in chunks.parts(wanted):
                found.update(
                    ((volume, x), pk)
                    for x, pk in SourceId.objects.filter(
                        volume=volume, xml_id__in=part
                    ).values_list("xml_id", "pk")
                )
        for s in sids:
            s.pk = s.pk or found[(s.volume, s.xml_id)]
    if not fresh:
        for part in chunks.parts([s.pk for s in sids]):
            SourceIdKey.objects.filter(sid_id__in=part).delete()
    SourceIdKey.objects.bulk_create(
        [
            SourceIdKey(sid_id=s.pk, key=key, described=alike)
            for s in sids
            for key, alike in rows_for(s.name, s.description)
        ],
        batch_size=1000,
    )


def on_save(sender, instance: SourceId, raw: bool = False, **kwargs) -> None:
    """post_save of :class:`SourceId`: its name or description may have changed."""
    index([instance])


def first_agents(
    keys: Iterable[str],
    volume: str,
    limit: int,
    *,
    persons_only: bool = False,
    by_description: bool = False,
) -> dict:
    """For each key of :func:`block_keys` in ``keys``: the first ``limit`` distinct agents of
    the source ids of other volumes under it, in order of their first such source id, as
    ``[(agent_id, first source id pk), …]``. ``persons_only``: cross-references (``see``) left
    out. ``by_description``: per key and :func:`described` form instead, ``{(key, described):
    […]}``.

    The same as reading every other volume's source ids in id order and keeping the first
    ``limit`` agents met under each key, but the database returns at most ``limit`` rows a key.
    """
    raw_of = {indexed(k): k for k in keys}
    group = ["key", "described"] if by_description else ["key"]
    out: dict = {}
    for part in chunks.parts(sorted(raw_of)):
        rows = SourceIdKey.objects.filter(key__in=part).exclude(sid__volume=volume)
        if persons_only:
            rows = rows.filter(sid__see="")
        rows = (
            rows.values(*group, agent=F("sid__agent_id"))
            .annotate(first=Min("sid_id"))
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F(g) for g in group],
                    order_by=[F("first").asc()],
                )
            )
            .filter(rank__lte=limit)
            .order_by()
        )
        for row in rows:
            at = raw_of[row["key"]]
            at = (at, row["described"]) if by_description else at
            out.setdefault(at, []).append((row["agent"], row["first"]))
    for found in out.values():
        found.sort(key=lambda pair: pair[1])
    return out
