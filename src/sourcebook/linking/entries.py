"""The database's authorities as the linker's gazetteer.

Keys are ``agent:<pk>`` and ``place:<pk>``. An agent's scopes are the volumes whose persons
lists name it (``authorities.SourceId``): a document of that volume prefers it over namesakes.
"""

from __future__ import annotations

from django.db.models import Q

from sourcebook.archive.models import Agent, NameVariant, Place
from sourcebook.authorities.models import SourceId
from sourcebook.core import linking


def agent_key(pk: int) -> str:
    return f"agent:{pk}"


def place_key(pk: int) -> str:
    return f"place:{pk}"


def parse_key(key: str) -> tuple[str, int]:
    kind, _, pk = key.partition(":")
    return kind, int(pk)


def gazetteer() -> tuple[linking.Gazetteer, set[int]]:
    """The gazetteer of every agent and place, and the pks of candidate agents (proposed from
    text, not yet accepted: their links stay candidates whatever the confidence)."""
    variants: dict[tuple[str, int], list[str]] = {}
    rows = NameVariant.objects.filter(Q(agent__isnull=False) | Q(place__isnull=False))
    for agent_id, place_id, name in rows.values_list("agent_id", "place_id", "name"):
        owner = ("agent", agent_id) if agent_id else ("place", place_id)
        variants.setdefault(owner, []).append(name)
    scopes: dict[int, set[str]] = {}
    for agent_id, volume in SourceId.objects.values_list("agent_id", "volume"):
        scopes.setdefault(agent_id, set()).add(volume)
    entries = []
    candidates = set()
    # Tuples, not model instances: this runs once per ingest batch over every authority.
    agents = Agent.objects.values_list("id", "name", "kind", "description", "data__candidate")
    for pk, name, kind, description, candidate in agents:
        if candidate:
            candidates.add(pk)
        entries.append(
            linking.Entry(
                key=agent_key(pk),
                kind=linking.ORGANIZATION if kind == Agent.ORGANIZATION else linking.PERSON,
                name=name,
                variants=tuple(variants.get(("agent", pk), ())),
                description=description,
                scopes=frozenset(scopes.get(pk, ())),
            )
        )
    for pk, name, description in Place.objects.values_list("id", "name", "description"):
        entries.append(
            linking.Entry(
                key=place_key(pk),
                kind=linking.PLACE,
                name=name,
                variants=tuple(variants.get(("place", pk), ())),
                description=description,
            )
        )
    return _built(entries), candidates


# The last gazetteer built in this process, with the entries it was built from and each
# entry's preparation (the next build reuses those of the entries that did not change).
_last: tuple[list[linking.Entry], linking.Gazetteer, dict] | None = None


def _built(entries: list[linking.Entry]) -> linking.Gazetteer:
    """The gazetteer of ``entries``, reused when they equal the last build's.

    Why: an ingest asks for the gazetteer once per batch of 200 files, and building it (every
    form and key phrase of every authority) costs far more than reading the rows; the rows are
    still read and compared each time, so any change to any authority, by any process, is seen.
    When they differ, only the entries that changed are prepared again. Callers never change a
    gazetteer they are given.
    """
    global _last
    last = _last
    if last is not None and last[0] == entries:
        return last[1]
    kept = last[2] if last is not None else {}
    built = linking.build(entries, kept)
    # Only this build's entries are kept: an edited or removed authority's old entry goes.
    _last = (entries, built, {entry: kept[entry] for entry in entries})
    return built
