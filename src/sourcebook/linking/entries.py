"""The database's authorities as the linker's gazetteer.

Keys are ``agent:<pk>`` and ``place:<pk>``. An agent's scopes are the volumes whose persons
lists name it (``authorities.SourceId``): a document of that volume prefers it over namesakes.

The gazetteer is kept by the authorities' own token (:data:`TOKEN`, a topic of
:mod:`sourcebook.web.generation`): while no process has written an authority, a name variant or
a persons list, asking for it again costs one query, not a read of every authority.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sourcebook.archive.models import Agent, NameVariant, Place
from sourcebook.authorities.models import SourceId
from sourcebook.core import linking
from sourcebook.web import generation

# The token row of the tables the gazetteer is read from (registered in LinkingConfig.ready).
TOKEN = 2


def agent_key(pk: int) -> str:
    return f"agent:{pk}"


def place_key(pk: int) -> str:
    return f"place:{pk}"


def parse_key(key: str) -> tuple[str, int]:
    kind, _, pk = key.partition(":")
    return kind, int(pk)


# The models the gazetteer is read from: a write to any of them moves TOKEN.
READ_FROM = (Agent, Place, NameVariant, SourceId)


def gazetteer() -> tuple[linking.Gazetteer, set[int]]:
    """The gazetteer of every agent and place, and the pks of candidate agents (proposed from
    text, not yet accepted: their links stay candidates whatever the confidence). Candidates
    an editor rejected are left out.

    Why the token first: read before the rows, it can only be older than them, so a change
    committed in between makes the next call read again, never keep a stale gazetteer.
    """
    state = generation.topic_state(TOKEN)
    last = _last
    if state is not None and last is not None and last.state == state:
        return last.gazetteer, set(last.candidates)
    return _read(state)


def _read(state) -> tuple[linking.Gazetteer, set[int]]:
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
    agents = Agent.objects.values_list(
        "id", "name", "kind", "description", "data__candidate", "data__rejected_by"
    )
    for pk, name, kind, description, candidate, rejected_by in agents:
        if rejected_by:
            continue  # an editor said this proposed person is nobody
        if candidate:
            candidates.add(pk)
        entries.append(
            _agent_entry(
                pk, name, kind, description, variants.get(("agent", pk), ()), scopes.get(pk, ())
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
    return _built(entries, state, candidates), candidates


def _agent_entry(pk: int, name: str, kind: str, description: str, variants, scopes):
    return linking.Entry(
        key=agent_key(pk),
        kind=linking.ORGANIZATION if kind == Agent.ORGANIZATION else linking.PERSON,
        name=name,
        variants=tuple(variants),
        description=description,
        scopes=frozenset(scopes),
    )


def candidate_entry(agent: Agent, variants: list[str]) -> linking.Entry:
    """A candidate agent just proposed, with its variant names, as :func:`gazetteer` would read
    it (no description or persons list yet)."""
    return _agent_entry(agent.pk, agent.name, agent.kind, agent.description, variants, ())


@dataclass
class _Kept:
    """The last gazetteer built in this process: the token state and entries it was read with,
    each entry's preparation (the next build reuses those of unchanged entries), and the
    candidate agents."""

    state: tuple | None
    entries: list[linking.Entry]
    gazetteer: linking.Gazetteer
    prepared: dict
    candidates: frozenset[int] = frozenset()


_last: _Kept | None = None


def _built(entries: list[linking.Entry], state, candidates: set[int]) -> linking.Gazetteer:
    """The gazetteer of ``entries``, reused when they equal the last build's.

    Why: when the token moved, rows are read again, but most writes (an ingest's new documents
    leave it alone; a proposal or an edit changes one authority) leave most entries as they
    were, and building (every form and key phrase of every authority) costs far more than
    reading the rows. Only the entries that changed are prepared again. Callers never change a
    gazetteer they are given.
    """
    global _last
    last = _last
    if last is not None and last.entries == entries:
        built, prepared = last.gazetteer, last.prepared
    else:
        kept = last.prepared if last is not None else {}
        built = linking.build(entries, kept)
        # Only this build's entries are kept: an edited or removed authority's old entry goes.
        prepared = {entry: kept[entry] for entry in entries}
    # One assignment, of a state read before these rows: a thread that read older rows can
    # only leave an older state, which makes the next call read again.
    _last = _Kept(state, entries, built, prepared, frozenset(candidates))
    return built
