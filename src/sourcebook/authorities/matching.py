"""Which agent already in the archive a volume's person is, when the evidence is strong.

Strong evidence (:func:`sourcebook.core.authority_match.evidence`): a shared name key (words
in any order, romanization phrases) and descriptions that do not conflict, met **once on each
side**. Why once: a volume that lists two people under one name says they are different, and
an archive with two agents of that name cannot tell which one is meant; both go to an editor
as merge proposals instead. Editors' splits and rejections are never undone
(:class:`~.decisions.KeptApart`).

The index is built in one pass over the other volumes' source ids, keeping at most two agents
per key (two already mean "ambiguous"), so matching stays linear in the persons.
"""

from __future__ import annotations

from dataclasses import dataclass

from sourcebook.core.authority_match import Evidence, evidence, person_keys

from .decisions import KeptApart
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
        self._by_key: dict[str, list[int]] = {}
        self._samples: dict[int, list[SourceId]] = {}
        self._keys_of: dict[int, list[str]] = {}
        rows = SourceId.objects.exclude(volume=volume).filter(see="").order_by("id")
        for sid in rows.only("id", "agent_id", "volume", "xml_id", "name", "description"):
            self._keys_of.setdefault(sid.agent_id, []).append(f"{sid.volume}#{sid.xml_id}")
            samples = self._samples.setdefault(sid.agent_id, [])
            if len(samples) < SAMPLES_PER_AGENT:
                samples.append(sid)
            for key in person_keys(sid.name):
                agents = self._by_key.setdefault(key, [])
                if sid.agent_id not in agents and len(agents) < 2:
                    agents.append(sid.agent_id)
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
