"""Which agent already in the archive a volume's person is, when the evidence is strong.

Strong evidence (:func:`sourcebook.core.authority_match.evidence`): a shared name key (words
in any order, romanization phrases) and descriptions that do not conflict, met **once on each
side**. Why once: a volume that lists two people under one name says they are different, and
an archive with two agents of that name cannot tell which one is meant; both go to an editor
as merge proposals instead. Editors' splits and rejections are never undone
(:class:`~.decisions.KeptApart`).

What the matcher reads is bounded by the volume's own persons, not by the archive: for each
name key of the volume, the first two agents of other volumes under it (two already mean
"ambiguous"; :func:`.keyindex.first_agents` asks the database for no more), then, for those
agents, their first :data:`SAMPLES_PER_AGENT` source ids and the ones an editor's decision
names. It reads once, when made, so what it answers is the database of that moment, as when it
read every source id (a volume is matched against the archive as its ingest began).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Value, Window
from django.db.models.functions import Concat, RowNumber

from sourcebook.archive import chunks
from sourcebook.core.authority_match import Evidence, evidence, person_keys

from .decisions import KeptApart
from .keyindex import first_agents
from .models import SourceId

# Source ids of one agent compared with a new person (their descriptions must not conflict).
SAMPLES_PER_AGENT = 5


@dataclass
class Match:
    agent_id: int
    evidence: Evidence
    other: SourceId  # the source id of the agent the person was compared with


class Matcher:
    """Strong matches for the persons of ``volume`` among the agents of other volumes."""

    def __init__(self, volume: str, persons: list[dict]) -> None:
        self.volume = volume
        self.apart = KeptApart()
        wanted = {key for person in persons for key in person_keys(person["name"])}
        self._by_key: dict[str, list[int]] = {
            key: [agent for agent, _ in found]
            for key, found in first_agents(wanted, volume, 2, persons_only=True).items()
        }
        # Only an agent alone under a key can be the one match.
        candidates = sorted({a[0] for a in self._by_key.values() if len(a) == 1})
        self._samples = _samples(candidates, volume)
        self._keys_of = _named_by_decisions(candidates, volume, self.apart.named())
        # Keys this volume itself lists more than once (cross-references aside).
        seen: dict[str, int] = {}
        for person in persons:
            if not person.get("see"):
                for key in person_keys(person["name"]):
                    seen[key] = seen.get(key, 0) + 1
        self._twice_here = {k for k, n in seen.items() if n > 1}

    def strong(self, person: dict, own_keys: list[str], own_agent: int | None = None):
        """The one agent ``person`` is, or ``None``; ``own_keys`` are the source ids the
        person's own agent holds (for editors' decisions)."""
        keys = person_keys(person["name"])
        if not keys or keys & self._twice_here:
            return None
        agents: set[int] = set()
        for key in keys:
            found = self._by_key.get(key) or []
            if len(found) > 1:
                return None
            agents.update(found)
        if len(agents) != 1:
            return None
        (agent_id,) = agents
        if agent_id == own_agent:
            return None
        if self.apart.apart(own_keys, self._keys_of.get(agent_id, []), own_agent, agent_id):
            return None
        best = None
        for sid in self._samples.get(agent_id, []):
            found = evidence(sid.name, sid.description, person["name"], person["description"])
            if not found.strong:
                return None
            if best is None or found.agreement > best.evidence.agreement:
                best = Match(agent_id, found, sid)
        return best


def _others(agent_ids, volume: str):
    """Source ids of these agents from other volumes, cross-references left out (what the
    matcher compares with)."""
    return SourceId.objects.filter(agent_id__in=agent_ids, see="").exclude(volume=volume)


def _samples(agent_ids: list[int], volume: str) -> dict[int, list[SourceId]]:
    """The first :data:`SAMPLES_PER_AGENT` source ids of each agent, by id."""
    out: dict[int, list[SourceId]] = {}
    for part in chunks.parts(agent_ids):
        rows = (
            _others(part, volume)
            .annotate(n=Window(RowNumber(), partition_by=[F("agent_id")], order_by=[F("id").asc()]))
            .filter(n__lte=SAMPLES_PER_AGENT)
            .order_by("id")
            .only("id", "agent_id", "volume", "xml_id", "name", "description")
        )
        for sid in rows:
            out.setdefault(sid.agent_id, []).append(sid)
    return out


def _named_by_decisions(agent_ids: list[int], volume: str, named: set[str]) -> dict:
    """``volume#xml_id`` of each agent's source ids, only those an editor's decision names:
    :meth:`KeptApart.apart` looks for no others, and an agent of a recurring person holds one
    source id per volume."""
    out: dict[int, list[str]] = {}
    if not named:
        return out
    for part in chunks.parts(agent_ids):
        for some in chunks.parts(sorted(named)):
            keys = (
                _others(part, volume)
                .annotate(key=Concat("volume", Value("#"), "xml_id"))
                .filter(key__in=some)
                .values_list("agent_id", "key")
            )
            for agent_id, key in keys:
                out.setdefault(agent_id, []).append(key)
    return out
